package org.instructsynth.job;

import org.instructsynth.core.report.Report;
import org.instructsynth.config.JobConfig;

/**
 * The exit codes of {@link Main}, for schedulers: 0 complete, 1 failed, 2 bad command line or
 * configuration (preflight problems included), 3 another run holds the lock of the output and date, 4
 * partial ({@code llm.budget-usd} reached, or batch calls still running), 5 drift flagged with {@code report.fail-on-drift: true}.
 */
final class ExitCodes {
  static final int COMPLETE = 0;
  static final int FAILED = 1;
  static final int CONFIG = 2;
  static final int LOCKED = 3;
  static final int PARTIAL = 4;
  static final int DRIFT = 5;

  private ExitCodes() {}

  /** The exit code of a run that finished; partial wins over drift (a partial night drifts by nature). */
  static int of(RunResult result, JobConfig config) {
    if ("partial".equals(result.status())) {
      return PARTIAL;
    }
    if (config.report().failOnDrift() && driftFlagged(result.model())) {
      return DRIFT;
    }
    return COMPLETE;
  }

  /** Whether the night-over-night comparison flagged any metric. */
  static boolean driftFlagged(Report report) {
    return !flagged(report).isEmpty();
  }

  private static java.util.List<Report.Metric> flagged(Report report) {
    return report.comparison() == null ? java.util.List.of()
        : Report.list(report.comparison().metrics()).stream().filter(m -> Boolean.TRUE.equals(m.flag())).toList();
  }

  /** The line printed to stderr for a run that finished with {@code code} other than 0, or null. */
  static String explain(int code, RunResult result) {
    return switch (code) {
      case PARTIAL -> result.model().llm() == null || Report.n(result.model().llm().skippedBudget()) > 0
          ? "instruct-synth: the run is partial (exit 4): llm.budget-usd stopped the LLM calls. Its tables"
              + " and report are written; rerun the date with a higher budget to finish (calls already made are not paid"
              + " again)."
          : "instruct-synth: the run is partial (exit 4): LLM calls are still running in a batch (llm.mode: batch). Its"
              + " tables and report are written; rerun the date later to collect them (they are not submitted or paid"
              + " again).";
      case DRIFT -> "instruct-synth: drift flagged (exit 5, report.fail-on-drift is true): "
          + String.join("; ", warnings(result.model())) + ". The tables and report are written; check "
          + result.reportPath() + " before the night's data is used.";
      default -> null;
    };
  }

  private static java.util.List<String> warnings(Report report) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (Report.Metric m : flagged(report)) {
      out.add(m.name() + " " + fmt(value(m.previous())) + " -> " + fmt(value(m.current())));
    }
    return out;
  }

  private static double value(Number n) {
    return n == null ? 0 : n.doubleValue();
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(java.util.Locale.ROOT, "%.3f", d);
  }
}
