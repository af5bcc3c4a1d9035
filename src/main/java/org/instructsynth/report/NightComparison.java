package org.instructsynth.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.instructsynth.config.ReportConfig;
import org.instructsynth.core.io.Json;
import org.instructsynth.core.report.Llm;
import org.instructsynth.core.report.Report;
import org.instructsynth.core.report.ReportBuilder;
import org.instructsynth.pipeline.publish.CommitLog;
import org.instructsynth.pipeline.publish.CommitRecord;

/**
 * Compares a run with the previous night: the newest {@code _runs/<id>/report.json} of the same
 * output whose {@code run_date} is earlier than this run's. Metrics are rows kept, the drop ratio,
 * the duplicate rate, LLM tokens and dollars; a metric is flagged when it drifted more than
 * {@code report.max-relative-change} (counts) or {@code report.max-ratio-change} (ratios).
 */
public final class NightComparison {
  private static final List<String> DUPLICATE_REASONS = List.of(org.instructsynth.core.filter.ReasonCodes.EXACT_DUPLICATE, org.instructsynth.core.filter.ReasonCodes.NEAR_DUPLICATE);

  private NightComparison() {}

  /**
   * The previous night's report, or null when there is none: only reports of the run whose commit is
   * the newest of its date count (a report of a run a later rerun replaced describes rows no reader sees).
   */
  public static JsonNode previous(Configuration conf, String outputPath, String runDate) {
    Map<String, CommitRecord> committed = CommitLog.latestPerDate(new CommitLog(conf, outputPath).all(), Long.MAX_VALUE);
    Path runs = new Path(outputPath, "_runs");
    try {
      FileSystem fs = runs.getFileSystem(conf);
      if (!fs.exists(runs)) {
        return null;
      }
      JsonNode best = null;
      for (FileStatus dir : fs.listStatus(runs)) {
        Path report = new Path(dir.getPath(), "report.json");
        if (!dir.isDirectory() || !fs.exists(report)) {
          continue;
        }
        JsonNode r;
        try (InputStream in = fs.open(report)) {
          r = Json.MAPPER.readTree(in);
        } catch (IOException e) {
          continue; // a damaged old report is not this run's problem; it is simply not compared
        }
        String date = r.path("run_date").asText("");
        CommitRecord c = committed.get(date);
        if (date.compareTo(runDate) >= 0 || c == null || !c.runId().equals(r.path("run_id").asText())) {
          continue;
        }
        if (best == null || date.compareTo(best.path("run_date").asText()) > 0
            || date.equals(best.path("run_date").asText())
                && r.path("finished_at").asText("").compareTo(best.path("finished_at").asText("")) > 0) {
          best = r;
        }
      }
      return best;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list earlier runs under " + runs + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code report} with {@code comparison} and a warning per flagged metric; {@code report} itself when there
   * is no previous night. {@code previous} may be a report written by an older version.
   */
  public static Report compare(Report report, JsonNode previous, ReportConfig cfg) {
    if (previous == null) {
      return report;
    }
    Report cur = report;
    Report prev = Report.of(previous);
    List<Report.Metric> metrics = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    count(metrics, warnings, "rows kept", prev.keptRows(), cur.keptRows(), cfg);
    ratio(metrics, warnings, "drop ratio", dropRatio(prev, List.of()), dropRatio(cur, List.of()), cfg);
    ratio(metrics, warnings, "duplicate rate", dropRatio(prev, DUPLICATE_REASONS), dropRatio(cur, DUPLICATE_REASONS), cfg);
    if (cur.llm() != null || prev.llm() != null) {
      count(metrics, warnings, "LLM requests (new calls + ledger answers)", requested(prev), requested(cur), cfg);
      String skip = ledgerShareChange(prev, cur, cfg);
      if (skip == null) {
        count(metrics, warnings, "LLM tokens (new calls)", tokens(prev), tokens(cur), cfg);
        if (cost(prev) != null && cost(cur) != null) {
          count(metrics, warnings, "LLM dollars", cost(prev), cost(cur), cfg);
        } else {
          skipped(metrics, "LLM dollars", "cost unknown on " + (cost(cur) == null ? "this night" : "the previous night")
              + " (a model without a price in llm.prices)");
        }
      } else {
        skipped(metrics, "LLM tokens (new calls)", skip);
        skipped(metrics, "LLM dollars", skip);
      }
    }
    return ReportBuilder.from(report).comparison(new Report.Comparison(prev.runDate(), prev.runId(), metrics))
        .warn(warnings).build();
  }

  /** LLM requests of a night: new calls plus answers reused from the ledger (what the night asked for). */
  static double requested(Report r) {
    Llm llm = r.llm();
    if (llm == null) {
      return 0;
    }
    return llm.requested() != null ? llm.requested() : Report.n(llm.calls()) + Report.n(llm.cached());
  }

  /**
   * Why tokens and dollars of new calls are not comparable between the two nights, or null when they are:
   * a night that answered a different share of its requests from the ledger (a rerun or replay pays
   * nothing for what it reuses) would show a drift that is only the ledger at work.
   */
  static String ledgerShareChange(Report previous, Report report, ReportConfig cfg) {
    double prevShare = ledgerShare(previous);
    double curShare = ledgerShare(report);
    if (Math.abs(prevShare - curShare) <= cfg.maxRatioChange()) {
      return null;
    }
    return String.format(Locale.ROOT, "not compared: the ledger answered %.0f %% of this night's requests and %.0f %% of the "
        + "previous night's (reused answers cost no tokens); compare LLM requests instead", curShare * 100, prevShare * 100);
  }

  static double ledgerShare(Report r) {
    double requested = requested(r);
    return requested <= 0 || r.llm() == null ? 0 : Report.n(r.llm().cached()) / requested;
  }

  /** Dollars of a night, 0 without LLM calls, or null when unknown (null or missing cost, or {@code cost_known: false}). */
  static Double cost(Report r) {
    Llm llm = r.llm();
    if (llm == null) {
      return 0.0;
    }
    return llm.costUsd() == null || Boolean.FALSE.equals(llm.costKnown()) ? null : llm.costUsd();
  }

  private static void skipped(List<Report.Metric> metrics, String name, String why) {
    metrics.add(new Report.Metric(name, null, null, false, why));
  }

  /** Dropped rows (of the given reasons, or all) over the rows that entered the first stage. */
  static double dropRatio(Report r, List<String> reasons) {
    List<Report.FunnelStage> funnel = Report.list(r.funnel());
    double in = funnel.isEmpty() ? 0 : Report.n(funnel.get(0).rowsIn());
    if (in <= 0) {
      return 0;
    }
    double dropped = 0;
    for (Report.Drop d : Report.list(r.drops())) {
      if (reasons.isEmpty() || reasons.contains(d.reason())) {
        dropped += Report.n(d.rows());
      }
    }
    return dropped / in;
  }

  static double tokens(Report r) {
    return r.llm() == null ? 0 : Report.n(r.llm().promptTokens()) + Report.n(r.llm().completionTokens());
  }

  private static void count(List<Report.Metric> metrics, List<String> warnings, String name, double prev, double cur,
      ReportConfig cfg) {
    boolean flag = prev == 0 ? cur > 0 : Math.abs(cur - prev) / prev > cfg.maxRelativeChange();
    metrics.add(new Report.Metric(name, prev, cur, flag, null));
    if (flag) {
      warnings.add(String.format(Locale.ROOT, "%s drifted from %,.0f to %,.0f (more than %.0f %% change)",
          name, prev, cur, cfg.maxRelativeChange() * 100));
    }
  }

  private static void ratio(List<Report.Metric> metrics, List<String> warnings, String name, double prev, double cur,
      ReportConfig cfg) {
    boolean flag = Math.abs(cur - prev) > cfg.maxRatioChange();
    metrics.add(new Report.Metric(name, prev, cur, flag, null));
    if (flag) {
      warnings.add(String.format(Locale.ROOT, "%s moved from %.1f %% to %.1f %% (more than %.0f points)",
          name, prev * 100, cur * 100, cfg.maxRatioChange() * 100));
    }
  }
}
