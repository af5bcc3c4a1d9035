package org.instructsynth.job;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.instructsynth.config.ConfigLoader;
import org.instructsynth.config.JobConfig;
import org.instructsynth.core.io.Json;
import org.instructsynth.core.report.Report;
import org.instructsynth.core.report.ReportBuilder;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.report.NightComparison;
import org.instructsynth.pipeline.OutputWriter;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.RunReport;
import org.instructsynth.pipeline.StageRunner;
import org.instructsynth.pipeline.StageStats;
import org.instructsynth.pipeline.export.CardWriter;
import org.instructsynth.pipeline.export.ExportResult;
import org.instructsynth.pipeline.export.ExportSink;
import org.instructsynth.pipeline.export.Exporter;
import org.instructsynth.pipeline.llm.LlmCalls;
import org.instructsynth.pipeline.publish.CommitRecord;
import org.instructsynth.pipeline.publish.PublishHook;
import org.instructsynth.pipeline.llm.LlmUsage;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.pipeline.recipe.Recipe;
import org.instructsynth.pipeline.stage.SplitStage;
import org.instructsynth.report.Alerts;
import org.instructsynth.report.HtmlReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of one recipe: stages, split, tables, resolved config and report. Tests call {@link #run}. */
public final class Job {
  private static final Logger LOG = LoggerFactory.getLogger(Job.class);
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private Job() {}

  /** Preflight, the run lock, the run, then the lock released; what tests and embedders call. */
  public static RunResult run(JobConfig config, SparkSession spark) {
    return run(config, spark, PublishHook.NONE);
  }

  /** {@link #run(JobConfig, SparkSession)} with a hook after every publish step (fault-injection tests). */
  public static RunResult run(JobConfig config, SparkSession spark, PublishHook publishHook) {
    RunLock lock = begin(config, spark.sparkContext().hadoopConfiguration(), spark.sparkContext().isLocal());
    try {
      return run(config, spark, lock, publishHook);
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }

  /**
   * What must hold before any Spark job or LLM call: {@link Preflight} passes, then this run takes the
   * lock of its output and date (none for {@code --plan}, which writes nothing).
   *
   * @param localMaster whether the LLM calls run in this JVM, so the API key variable can be checked
   * @throws org.instructsynth.core.UserError for a preflight problem (kind CONFIG) or a lock another run
   *     holds (kind LOCKED)
   */
  public static RunLock begin(JobConfig config, Configuration hadoop, boolean localMaster) {
    Preflight.check(config, hadoop, localMaster);
    if (config.run().plan()) {
      return null;
    }
    return RunLock.acquire(hadoop, config.output().path(), config.run().date().toString(),
        runId(config, Instant.now()), config.run().lockStaleAfter(), config.run().waitLock());
  }

  private static String runId(JobConfig config, Instant started) {
    return config.run().id().isBlank()
        ? RUN_ID_TIME.format(started) + "-" + config.recipe() + "-"
            + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt())
        : config.run().id();
  }

  /** One run under {@code lock} (null for --plan), which the caller releases. */
  public static RunResult run(JobConfig config, SparkSession spark, RunLock lock) {
    return run(config, spark, lock, PublishHook.NONE);
  }

  private static RunResult run(JobConfig config, SparkSession spark, RunLock lock, PublishHook publishHook) {
    Instant started = Instant.now();
    String runDate = config.run().date().toString();
    String runId = lock != null ? lock.runId() : runId(config, started);
    LogSetup.runStarted(runId);
    RunContext ctx = new RunContext(spark, config, runId, runDate);
    OutputWriter writer = new OutputWriter(spark, config.output(), runId, runDate, publishHook);
    LOG.info("run {}: recipe {}, run_date {}, output {} ({})", runId, config.recipe(), runDate,
        config.output().path(), config.output().format());

    try (StageRunner runner = new StageRunner(ctx)) {
      Recipe.Output recipe = Recipe.named(config.recipe()).run(runner, ctx);
      Dataset<Row> kept = recipe.rows();
      LlmUsage llm = recipe.llm();

      runner.describe("split and write");
      long start = System.nanoTime();
      Dataset<Row> split = SplitStage.assign(kept, config.split()).persist(StorageLevel.MEMORY_AND_DISK());
      long n = split.count();
      runner.record(new StageStats("split", n, n, (System.nanoTime() - start) / 1_000_000));

      Map<String, String> tables = new LinkedHashMap<>();
      for (String s : RunReport.SPLITS) {
        tables.put(s, writer.write(s, split.where(col("split").equalTo(s)), Columns.EXAMPLE));
      }
      tables.put("rejects", writer.write("rejects", runner.rejects(), Columns.REJECT));
      if (recipe.comparisons() != null) {
        tables.put("comparisons", writer.write("comparisons", recipe.comparisons(), Columns.COMPARISON));
      }
      // Training-ready exports (docs/exports.md), from the same rows as the tables, staged: they become
      // visible with the tables, by the same commit record.
      ExportSink exportSink = new ExportSink(writer.exportsStagingRoot(), writer.exportsRoot());
      ExportResult exported = config.export().enabled()
          ? Exporter.write(config, runDate, split, recipe.comparisons(), exportSink) : null;
      split.unpersist();
      long prepareStart = System.nanoTime();
      writer.prepare(); // from here on the writer reads the night as it will be published
      long prepareMs = (System.nanoTime() - prepareStart) / 1_000_000;
      if (llm != null) {
        tables.put("llm_calls", LlmCalls.ledgerPath(ctx));
      }

      writer.writeRunFile("config.yaml", ConfigLoader.toYaml(config.resolved()));
      List<String> warnings = new ArrayList<>();
      String status = llm != null && llm.partial() ? "partial" : "complete";
      if (llm != null && llm.skipped() > 0) {
        warnings.add("llm.budget-usd stopped LLM calls: this run is partial; rerun the date with a higher budget to finish "
            + "(calls already made are not paid again)");
      }
      if (llm != null) {
        warnings.addAll(llm.warnings());
      }
      runner.describe("report");
      ReportBuilder builder = RunReport.build(ctx, writer, runner.stats(), tables, status, warnings)
          .times(started, Instant.now());
      if (recipe.comparisons() != null) {
        builder.comparisonsRows(writer.read("comparisons", Columns.COMPARISON).count());
      }
      if (llm != null) {
        builder.simulatedLlm(LlmSettings.SIMULATED.equals(config.llm().provider()))
            .llm(RunReport.llm(ctx, started, llm.toReport(), builder.build().keptRows()), RunReport.rounds(recipe.rounds()));
      }
      Report report = builder.build();
      if (config.report().comparePrevious()) {
        report = NightComparison.compare(report,
            NightComparison.previous(spark.sparkContext().hadoopConfiguration(), config.output().path(), runDate),
            config.report());
      }
      builder = ReportBuilder.from(report);
      List<String> exportPaths = new ArrayList<>();
      if (exported != null) {
        Report.Exports exports = exported.toReport(
            CardWriter.write(config, spark.sparkContext().hadoopConfiguration(), runId, runDate, exported, report, exportSink));
        exportPaths.addAll(exports.written());
        builder.exports(exports);
      }
      if (lock != null) {
        lock.checkHeld(); // a run that lost its lock (taken over as stale) must not publish over the new holder
      }
      long publishStart = System.nanoTime();
      CommitRecord commit = writer.publish(exportPaths);
      long commitMs = prepareMs + (System.nanoTime() - publishStart) / 1_000_000;
      LOG.info("publish: tables written in {} ms, committed in {} ms (commit {}, {}; {} export paths)",
          writer.stagingMs(), commitMs, commit.seq(), config.output().format(), exportPaths.size());
      // finished_at and elapsed_ms cover the publish step: the night's tables are visible from here on.
      builder.publish(new Report.Publish(commit.seq(), writer.stagingMs(), commitMs)).times(started, Instant.now());
      report = builder.alerts(Alerts.derive(builder.build())).build();
      report.alerts().forEach(a -> LOG.warn("report alert: {}", a.text()));
      String reportPath = writer.writeRunFile("report.json", pretty(report));
      writer.writeRunFile("report.html", HtmlReport.render(report));
      writer.pointLatest(reportPath);
      if (lock != null) {
        lock.checkHeld();
      }
      return new RunResult(runId, runDate, report.status(), tables, writer.runDir(), reportPath,
          runner.stats(), report.toJson());
    } finally {
      LogSetup.runEnded();
    }
  }

  private static String pretty(Report node) {
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the report as JSON", e);
    }
  }
}
