package org.instructsynth.job;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.instructsynth.config.ConfigException;
import org.instructsynth.config.ConfigLoader;
import org.instructsynth.config.JobConfig;
import org.instructsynth.pipeline.llm.PlanReady;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command line: {@code Main CONFIG.yaml [--set key=value ...]}. Parses the arguments, loads the
 * configuration, builds the SparkSession (spark-submit's settings win; a plain {@code java} start gets
 * {@code local[*]}), runs the job and prints where everything went. Exit codes: 0 done, 1 the run
 * failed, 2 the command line or configuration is wrong.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  static final String USAGE =
      "usage: instruct-synth CONFIG.yaml [--set key.path=value ...]\n"
          + "  CONFIG.yaml   a recipe file such as conf/curate.yaml or conf/templatize.yaml\n"
          + "  --set k=v     override any key of the file, e.g. --set run.date=2026-11-21 --set output.format=jsonl\n"
          + "  --plan        build and price the first LLM stage's requests without calling or writing anything";

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    Arguments parsed;
    try {
      parsed = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("instruct-synth: " + e.getMessage() + "\n" + USAGE);
      return 2;
    }
    if (parsed == null) {
      System.out.println(USAGE);
      return 0;
    }
    JobConfig config;
    try {
      config = ConfigLoader.load(Path.of(parsed.config()), parsed.overrides());
    } catch (ConfigException e) {
      System.err.println("instruct-synth: " + e.getMessage());
      return 2;
    }
    LogSetup.apply(config.logging());
    SparkSession spark = session(config);
    try {
      RunResult result = Job.run(config, spark);
      System.out.println(summary(result));
      return 0;
    } catch (PlanReady plan) {
      System.out.println(plan.describe());
      return 0;
    } catch (RuntimeException e) {
      if (UserErrors.forUser(e) == null) {
        LOG.error("run failed", e);
      }
      System.err.println(UserErrors.describe(e));
      return 1;
    } finally {
      spark.stop();
    }
  }

  static SparkSession session(JobConfig config) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName("instruct-synth " + config.recipe());
    if (!conf.contains("spark.master")) {
      builder.master("local[*]");
    }
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
    for (Map.Entry<String, String> t : r.tables().entrySet()) {
      if (t.getKey().equals("llm_calls")) {
        var llm = r.report().path("llm");
        sb.append(String.format(Locale.ROOT, "  %-12s %,8d new calls (%,d cached, %,d failed)%s  %s%n", t.getKey(),
            llm.path("calls").asLong(), llm.path("cached").asLong(), llm.path("failed").asLong(),
            r.report().path("simulated_llm").asBoolean() ? " SIMULATED" : "", t.getValue()));
        continue;
      }
      long rows = t.getKey().equals("rejects")
          ? r.report().path("drops").findValues("rows").stream().mapToLong(n -> n.asLong()).sum()
          : t.getKey().equals("comparisons") ? r.report().path("comparisons_rows").asLong() : r.rows(t.getKey());
      sb.append(String.format(Locale.ROOT, "  %-12s %,8d rows  %s%n", t.getKey(), rows, t.getValue()));
    }
    sb.append("report:\n  ").append(r.reportPath()).append("\n  ")
        .append(r.runDir()).append("/report.html\n");
    return sb.toString();
  }

  /** The parsed command line; null from {@link #parse} means help was asked for. */
  record Arguments(String config, List<String> overrides) {
    static Arguments parse(String[] args) {
      String config = null;
      List<String> overrides = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("-h") || a.equals("--help")) {
          return null;
        } else if (a.equals("--set")) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--set needs key.path=value");
          }
          overrides.add(args[++i]);
        } else if (a.equals("--plan")) {
          overrides.add("run.plan=true");
        } else if (a.startsWith("--set=")) {
          overrides.add(a.substring("--set=".length()));
        } else if (a.startsWith("-")) {
          throw new IllegalArgumentException("unknown option '" + a + "'");
        } else if (config == null) {
          config = a;
        } else {
          throw new IllegalArgumentException("more than one config file given: '" + config + "' and '" + a + "'");
        }
      }
      if (config == null) {
        throw new IllegalArgumentException("no config file given");
      }
      return new Arguments(config, overrides);
    }
  }
}
