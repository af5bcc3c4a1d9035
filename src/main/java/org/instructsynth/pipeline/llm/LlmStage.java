package org.instructsynth.pipeline.llm;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.llm.LlmResult;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.RateShare;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LLM stage: call what the ledger does not have yet, write the results to the ledger, and
 * return the ledger rows of the requested keys.
 *
 * <ol>
 *   <li>Requests (columns {@code request_key}, {@code stage}, {@code request} = {@link
 *       LlmRequest#canonicalJson()}) are deduplicated by key and anti-joined with the ledger's rows
 *       of status {@code ok} under every date: a key is never paid twice.
 *   <li>The missing ones are repartitioned to {@code llm.partitions}; {@link CallLlmPartition}
 *       calls them with each task's {@link RateShare} of the cluster budget.
 *   <li>Each finished call is also journaled at once ({@link CallJournal}), so a retried task
 *       re-pays at most its calls in flight.
 *   <li>The results are appended to {@code <output>/llm_calls/run_date=<date>/} before anything is
 *       returned; a failure ratio above {@code llm.max-failure-ratio} then throws {@link
 *       LlmFailureRatioException}.
 *   <li>{@link Result#rows()} holds, per requested key, its latest ok row, else its latest row
 *       (failed or {@code skipped_budget}), so downstream stages can send failures to rejects.
 * </ol>
 */
public final class LlmStage {
  private static final Logger LOG = LoggerFactory.getLogger(LlmStage.class);

  private LlmStage() {}

  /**
   * @param outputPath the run's {@code output.path}; the ledger is its {@code llm_calls/} folder
   * @param runDate the partition value, e.g. {@code 2026-01-31}
   * @param format {@code parquet} or {@code json}
   */
  public record Options(LlmSettings settings, String outputPath, String runDate, String recipe, String format) implements Serializable {
    public Options {
      if (!"parquet".equals(format) && !"json".equals(format)) {
        throw new IllegalArgumentException("ledger format is '" + format + "'; use 'parquet' or 'json'");
      }
      if (runDate == null || runDate.isBlank() || outputPath == null || outputPath.isBlank()) {
        throw new IllegalArgumentException("the LLM stage needs an output path and a run date, got '" + outputPath + "' and '" + runDate + "'");
      }
    }

    public String ledgerPath() {
      return outputPath + "/" + Ledger.DIR;
    }
  }

  /** Totals of one stage (the {@code stage} column) for this run's new calls. */
  public record StageTotals(long requested, long ok, long failed, long skipped, long promptTokens, long completionTokens, double costUsd)
      implements Serializable {}

  /**
   * @param requested distinct request keys asked for
   * @param cached keys that already had an ok ledger row and were not called
   * @param called keys called in this run (ok + failed; skipped ones were not called)
   * @param partial true when {@code llm.budget-usd} stopped calls (skipped > 0) or batch calls are still pending
   * @param warnings what the report should say (e.g. calls pending in a batch)
   * @param perStage this run's totals by the {@code stage} column
   * @param rows per requested key its ledger row (latest ok, else latest), ledger schema
   */
  public record Result(long requested, long cached, long called, long ok, long failed, long skipped, long retries, long rateLimited,
      long promptTokens, long completionTokens, double costUsd, boolean partial, Map<String, StageTotals> perStage, Dataset<Row> rows,
      List<String> warnings) {}

  /** What a run would do, without calling: requests to call, estimated tokens and an upper bound on dollars. */
  public record Plan(long requested, long cached, long toCall, long estimatedPromptTokens, long maxCompletionTokens, double maxCostUsd,
      Map<String, StageTotals> perStage) {}

  public static Result run(SparkSession spark, Dataset<Row> requests, Options options) {
    return run(spark, requests, options, EnvLookup.SYSTEM);
  }

  /** As {@link #run(SparkSession, Dataset, Options)}, reading the API key with {@code env} on the executors. */
  public static Result run(SparkSession spark, Dataset<Row> requests, Options options, EnvLookup env) {
    LlmSettings settings = options.settings();
    Dataset<Row> requested = distinctRequests(requests);
    Dataset<Row> missing = requested.join(okKeys(spark, options), "request_key", "left_anti");
    long total = requested.count();
    long toCall = missing.count();
    LOG.info(String.format(Locale.ROOT, "LLM stage (%s, %s %s): %d requests, %d in the ledger, %d to call",
        options.recipe(), settings.provider().equals(LlmSettings.SIMULATED) ? "SIMULATED endpoint" : org.instructsynth.llm.Secrets.redact(settings.baseUrl()),
        settings.model(), total, total - toCall, toCall));
    Instant start = Instant.now().minusMillis(1);
    LlmCounters counters = new LlmCounters(spark.sparkContext());
    BatchLlmStage.Pending pending = BatchLlmStage.Pending.NONE;
    if (toCall > 0 && settings.calls().batch()) {
      pending = BatchLlmStage.run(spark, missing, options, env);
    } else if (toCall > 0) {
      int slots = Math.max(1, spark.sparkContext().defaultParallelism());
      RateShare share = RateShare.of(settings, slots);
      boolean java8Time = Boolean.parseBoolean(spark.conf().get("spark.sql.datetime.java8API.enabled", "false"));
      Path journal = CallJournal.dir(options.ledgerPath(), options.runDate(), options.recipe());
      CallLlmPartition function = new CallLlmPartition(settings, share, options.recipe(), options.runDate(), java8Time, env, counters,
          journal.toString(), new org.apache.spark.util.SerializableConfiguration(spark.sparkContext().hadoopConfiguration()),
          SimulatorSeeds.read(settings, spark.sparkContext().hadoopConfiguration()));
      double budgetRps = Math.min(settings.requestsPerMinute(), share.requestsPerMinute() * share.concurrentTasks()) / 60.0;
      try (LlmProgress progress = new LlmProgress(spark.sparkContext(), counters, toCall, budgetRps, options.recipe(),
          settings.progressInterval().toMillis(), LOG::info)) {
        missing.repartition(settings.partitions())
            .mapPartitions(function, Encoders.row(Ledger.SCHEMA))
            .write()
            .mode(SaveMode.Append)
            .partitionBy("run_date")
            .format(options.format())
            .save(options.ledgerPath());
      }
      try {
        journal.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(journal, true);
      } catch (IOException e) {
        throw new UncheckedIOException("the ledger was written, but its call journal " + journal + " could not be deleted: "
            + e.getMessage() + "; delete it by hand", e);
      }
    }
    Map<String, StageTotals> perStage = new LinkedHashMap<>();
    long ok = 0, failed = 0, skipped = 0, prompt = 0, completion = 0;
    double cost = 0;
    if (toCall > 0) {
      Dataset<Row> thisRun = readLedger(spark, options)
          .filter(col("run_date").equalTo(options.runDate()).and(col("created_at").geq(lit(Timestamp.from(start)))))
          .join(missing.select("request_key"), "request_key");
      for (Row r : thisRun.groupBy("stage").agg(
              org.apache.spark.sql.functions.count(lit(1)),
              org.apache.spark.sql.functions.sum(when(col("status").equalTo(LlmResult.OK), 1).otherwise(0)),
              org.apache.spark.sql.functions.sum(when(col("status").equalTo(LlmResult.FAILED), 1).otherwise(0)),
              org.apache.spark.sql.functions.sum(when(col("status").equalTo(LlmResult.SKIPPED_BUDGET), 1).otherwise(0)),
              org.apache.spark.sql.functions.sum("prompt_tokens"),
              org.apache.spark.sql.functions.sum("completion_tokens"),
              org.apache.spark.sql.functions.coalesce(org.apache.spark.sql.functions.sum("cost_usd"), lit(0.0)),
              org.apache.spark.sql.functions.sum(when(col("cost_usd").isNull().and(col("status").equalTo(LlmResult.OK)), 1).otherwise(0)))
          .orderBy("stage").collectAsList()) {
        // sum ignores nulls (unpriced models); any unpriced call makes the total unknown (NaN, reported as null)
        StageTotals t = new StageTotals(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6),
            r.getLong(8) > 0 ? Double.NaN : r.getDouble(7));
        perStage.put(r.isNullAt(0) ? "" : r.getString(0), t);
        ok += t.ok(); failed += t.failed(); skipped += t.skipped(); prompt += t.promptTokens(); completion += t.completionTokens(); cost += t.costUsd();
      }
    }
    Dataset<Row> rows = latestRows(spark, options, requested);
    Result result = new Result(total, total - toCall, ok + failed, ok, failed, skipped, counters.retries.value(), counters.rateLimited.value(),
        prompt, completion, cost, skipped > 0 || pending.requests() > 0, perStage, rows,
        pending.requests() > 0 ? List.of(pending.message()) : List.of());
    LOG.info(String.format(Locale.ROOT,
        "LLM stage done: %d requested, %d cached, %d called (%d ok, %d failed), %d skipped by budget, %d retries, %d x 429, %d+%d tokens, $%.4f%s",
        total, total - toCall, ok + failed, ok, failed, skipped, result.retries(), result.rateLimited(), prompt, completion, cost,
        skipped > 0 ? " (PARTIAL: llm.budget-usd reached)" : pending.requests() > 0 ? " (PARTIAL: batch pending)" : ""));
    double attempted = ok + failed;
    if (attempted > 0 && failed / attempted > settings.maxFailureRatio()) {
      throw new LlmFailureRatioException(String.format(Locale.ROOT,
          "%d of %d LLM calls failed (%.1f %%), more than llm.max-failure-ratio %.1f %%. The results are in the ledger %s "
              + "(status 'failed', column error says why); fix the cause (endpoint, model, prompts) and rerun: ok rows are not called again",
          failed, (long) attempted, 100 * failed / attempted, 100 * settings.maxFailureRatio(), options.ledgerPath()));
    }
    return result;
  }

  /** Counts and estimates without calling: what {@link #run} would call, its tokens and dollars at most. */
  public static Plan plan(SparkSession spark, Dataset<Row> requests, Options options) {
    Dataset<Row> requested = distinctRequests(requests);
    Dataset<Row> missing = requested.join(okKeys(spark, options), "request_key", "left_anti");
    long total = requested.count();
    StructType schema = new StructType().add("stage", DataTypes.StringType).add("prompt_tokens", DataTypes.LongType)
        .add("max_completion_tokens", DataTypes.LongType).add("max_cost_usd", DataTypes.DoubleType);
    Map<String, StageTotals> perStage = new LinkedHashMap<>();
    long calls = 0, prompt = 0, completion = 0;
    double cost = 0;
    for (Row r : missing.mapPartitions(new EstimatePartition(options.settings()), Encoders.row(schema))
        .groupBy("stage").agg(org.apache.spark.sql.functions.count(lit(1)), org.apache.spark.sql.functions.sum("prompt_tokens"),
            org.apache.spark.sql.functions.sum("max_completion_tokens"), org.apache.spark.sql.functions.sum("max_cost_usd"))
        .orderBy("stage").collectAsList()) {
      StageTotals t = new StageTotals(r.getLong(1), 0, 0, 0, r.getLong(2), r.getLong(3), r.getDouble(4));
      perStage.put(r.isNullAt(0) ? "" : r.getString(0), t);
      calls += t.requested(); prompt += t.promptTokens(); completion += t.completionTokens(); cost += t.costUsd();
    }
    return new Plan(total, total - calls, calls, prompt, completion, cost, perStage);
  }

  /** Per missing request: its stage, estimated prompt tokens, max_tokens and the cost if all were used. */
  static final class EstimatePartition implements MapPartitionsFunction<Row, Row> {
    private final LlmSettings settings;

    EstimatePartition(LlmSettings settings) {
      this.settings = settings;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return input.hasNext();
        }

        @Override
        public Row next() {
          Row row = input.next();
          LlmRequest request = LlmRequest.fromJson(row.getAs("request"));
          long prompt = request.estimatePromptTokens();
          long max = request.sampling().maxTokens() == null ? 0 : request.sampling().maxTokens();
          return RowFactory.create(row.<String>getAs("stage"), prompt, max, settings.callPrice(request.model()).cost(prompt, max));
        }
      };
    }
  }

  private static Dataset<Row> distinctRequests(Dataset<Row> requests) {
    for (String c : List.of("request_key", "stage", "request")) {
      if (!List.of(requests.columns()).contains(c)) {
        throw new IllegalArgumentException("the LLM stage input has no column " + c + "; it has " + List.of(requests.columns())
            + ". Build requests with request_key, stage and request (LlmRequest.canonicalJson())");
      }
    }
    return requests.select("request_key", "stage", "request").dropDuplicates(new String[] {"request_key"});
  }

  private static boolean ledgerExists(SparkSession spark, Options options) {
    try {
      Path path = new Path(options.ledgerPath());
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check the LLM ledger at " + options.ledgerPath() + ": " + e.getMessage(), e);
    }
  }

  static Dataset<Row> readLedger(SparkSession spark, Options options) {
    if (!ledgerExists(spark, options)) {
      return spark.createDataFrame(List.of(), Ledger.readSchema());
    }
    return spark.read().schema(Ledger.readSchema()).format(options.format()).load(options.ledgerPath());
  }

  private static Dataset<Row> okKeys(SparkSession spark, Options options) {
    return readLedger(spark, options).filter(col("status").equalTo(LlmResult.OK)).select("request_key").distinct();
  }

  private static Dataset<Row> latestRows(SparkSession spark, Options options, Dataset<Row> requested) {
    Dataset<Row> ledger = readLedger(spark, options).join(requested.select("request_key"), "request_key");
    return ledger
        .withColumn("_rank", row_number().over(Window.partitionBy("request_key")
            .orderBy(when(col("status").equalTo(LlmResult.OK), 0).otherwise(1), col("created_at").desc())))
        .filter(col("_rank").equalTo(1))
        .drop("_rank")
        .select(java.util.Arrays.stream(Ledger.SCHEMA.fieldNames()).map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new));
  }
}
