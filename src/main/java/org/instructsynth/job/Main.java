package org.instructsynth.job;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.instructsynth.core.report.Llm;
import org.instructsynth.core.report.Report;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.sql.SparkSession;
import org.instructsynth.config.ConfigLoader;
import org.instructsynth.config.JobConfig;
import org.instructsynth.core.UserError;
import org.instructsynth.pipeline.llm.PlanReady;
import org.instructsynth.pipeline.publish.TableFormats;

/**
 * Command line: {@code Main CONFIG.yaml [--set key=value ...] [--wait-lock DURATION] [--plan] [--debug]}.
 * Parses the arguments, loads the configuration, runs the preflight checks and takes the run lock
 * (before Spark starts, so a refusal costs seconds), builds the SparkSession (spark-submit's settings
 * win; a plain {@code java} start gets {@code local[*]}), runs the job and prints where everything went.
 * Exit codes ({@link ExitCodes}): 0 complete, 1 failed, 2 bad command line or configuration (preflight
 * included), 3 another run holds the lock, 4 partial, 5 drift flagged with report.fail-on-drift.
 */
public final class Main {
  static final String USAGE =
      "usage: instruct-synth CONFIG.yaml [--set key.path=value ...] [--wait-lock DURATION] [--plan] [--debug]\n"
          + "  CONFIG.yaml         a recipe file such as conf/curate.yaml or conf/templatize.yaml\n"
          + "  --set k=v           override any key of the file, e.g. --set run.date=2026-11-21 --set output.format=jsonl\n"
          + "  --wait-lock D       wait up to D (e.g. 30m) for another run of the same output and date instead of exiting 3\n"
          + "  --plan              build and price the first LLM stage's requests without calling or writing anything\n"
          + "  --retry-failed      call again the LLM requests that failed permanently (4xx, context length) in earlier runs\n"
          + "  --debug             print stack traces of failures that are explained in one message\n"
          + "exit codes: 0 complete, 1 failed, 2 bad command line or configuration, 3 another run holds the lock,\n"
          + "  4 partial (llm.budget-usd reached), 5 drift flagged (report.fail-on-drift: true)";

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    return run(args, Main::session, true);
  }

  /**
   * @param sessions builds the SparkSession once preflight and lock passed
   * @param stopSession stop it at the end (tests share one session and pass false)
   */
  static int run(String[] args, Function<JobConfig, SparkSession> sessions, boolean stopSession) {
    Arguments parsed;
    try {
      parsed = Arguments.parse(args);
    } catch (UserError e) {
      System.err.println("instruct-synth: " + e.getMessage() + "\n" + USAGE);
      return ExitCodes.CONFIG;
    }
    if (parsed == null) {
      System.out.println(USAGE);
      return ExitCodes.COMPLETE;
    }
    RunLock lock = null;
    SparkSession spark = null;
    Throwable failure = null;
    int code;
    try {
      JobConfig config = ConfigLoader.load(Path.of(parsed.config()), parsed.overrides());
      LogSetup.apply(config.logging());
      SparkConf sparkConf = new SparkConf();
      boolean local = sparkConf.get("spark.master", "local[*]").startsWith("local");
      lock = Job.begin(config, SparkHadoopUtil.get().newConfiguration(sparkConf), local);
      spark = sessions.apply(config);
      RunResult result = Job.run(config, spark, lock);
      System.out.println(summary(result));
      code = ExitCodes.of(result, config);
      String why = ExitCodes.explain(code, result);
      if (why != null) {
        System.err.println(why);
      }
    } catch (PlanReady plan) {
      System.out.println(plan.describe());
      code = ExitCodes.COMPLETE;
    } catch (Throwable e) {
      failure = e;
      code = ExitCodes.FAILED;
    } finally {
      if (lock != null) {
        lock.close();
      }
      if (spark != null && stopSession) {
        spark.stop();
      }
    }
    if (failure != null) {
      // After the lock is released and Spark stopped, so that the message is the last thing printed.
      Failures.Outcome outcome = Failures.of(failure, parsed.debug());
      if (outcome.showTrace()) {
        failure.printStackTrace(System.err);
      }
      System.err.println(outcome.message());
      code = outcome.exitCode();
    }
    return code;
  }

  static SparkSession session(JobConfig config) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName("instruct-synth " + config.recipe());
    if (!conf.contains("spark.master")) {
      builder.master("local[*]");
    }
    String extensions = conf.contains("spark.sql.extensions") ? conf.get("spark.sql.extensions") : null;
    TableFormats.sessionConfig(config.output().format(), extensions).forEach(builder::config);
    return builder
        .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.debug.maxToStringFields", "200")
        .getOrCreate();
  }

  static String summary(RunResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%nrun %s (%s, run_date %s)%n", r.runId(), r.status(), r.runDate()));
    sb.append("  stage              rows in    rows out\n");
    r.stages().forEach(s -> sb.append(String.format(Locale.ROOT, "  %-16s %,10d  %,10d%n", s.stage(), s.rowsIn(), s.rowsOut())));
    sb.append("tables:\n");
    Report report = r.model();
    for (Map.Entry<String, String> t : r.tables().entrySet()) {
      if (t.getKey().equals("llm_calls") && report.llm() != null) {
        Llm llm = report.llm();
        sb.append(String.format(Locale.ROOT, "  %-12s %,8d new calls (%,d cached, %,d failed)%s  %s%n", t.getKey(),
            Report.n(llm.calls()), Report.n(llm.cached()), Report.n(llm.failed()),
            Boolean.TRUE.equals(report.simulatedLlm()) ? " SIMULATED" : "", t.getValue()));
        continue;
      }
      long rows = t.getKey().equals("rejects")
          ? Report.list(report.drops()).stream().mapToLong(d -> Report.n(d.rows())).sum()
          : t.getKey().equals("comparisons") ? Report.n(report.comparisonsRows()) : r.rows(t.getKey());
      sb.append(String.format(Locale.ROOT, "  %-12s %,8d rows  %s%n", t.getKey(), rows, t.getValue()));
    }
    sb.append("report:\n  ").append(r.reportPath()).append("\n  ")
        .append(r.runDir()).append("/report.html\n");
    return sb.toString();
  }

  /** The parsed command line; null from {@link #parse} means help was asked for. */
  record Arguments(String config, List<String> overrides, boolean debug) {
    static Arguments parse(String[] args) {
      String config = null;
      boolean debug = false;
      List<String> overrides = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("-h") || a.equals("--help")) {
          return null;
        } else if (a.equals("--set") || a.equals("--wait-lock")) {
          if (i + 1 >= args.length) {
            throw UserError.config(a.equals("--set") ? "--set needs key.path=value"
                : "--wait-lock needs a duration such as 30m, 90s or 1h");
          }
          String v = args[++i];
          overrides.add(a.equals("--set") ? v : "run.wait-lock=" + v);
        } else if (a.equals("--plan")) {
          overrides.add("run.plan=true");
        } else if (a.equals("--debug")) {
          debug = true;
        } else if (a.equals("--retry-failed")) {
          overrides.add("run.retry-failed=true");
        } else if (a.startsWith("--set=")) {
          overrides.add(a.substring("--set=".length()));
        } else if (a.startsWith("--wait-lock=")) {
          overrides.add("run.wait-lock=" + a.substring("--wait-lock=".length()));
        } else if (a.startsWith("-")) {
          throw UserError.config("unknown option '" + a + "'");
        } else if (config == null) {
          config = a;
        } else {
          throw UserError.config("more than one config file given: '" + config + "' and '" + a + "'");
        }
      }
      if (config == null) {
        throw UserError.config("no config file given");
      }
      return new Arguments(config, overrides, debug);
    }
  }
}
