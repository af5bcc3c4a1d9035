package org.instructsynth.pipeline.llm;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.llm.LlmResult;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.PartitionCaller;
import org.instructsynth.llm.RateShare;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LLM stage: call what the ledger does not have yet, write the results to the ledger, and
 * return the ledger rows of the requested keys.
 *
 * <ol>
 *   <li>Requests (columns {@code request_key}, {@code stage}, {@code request} = {@link
 *       LlmRequest#canonicalJson()}) are deduplicated by key and anti-joined with the ledger's
 *       done keys under every date (ok, and unless {@code --retry-failed} permanent failures): a
 *       key is never paid twice and a request the endpoint refuses is not sent every night.
 *   <li>The missing ones are repartitioned to {@code llm.partitions}; {@link CallLlmPartition}
 *       calls them with each task's {@link RateShare} of the cluster rate and of what is left of
 *       the run's {@link RunBudget}, in passes while budget and skipped requests remain.
 *   <li>Each finished call is also journaled at once ({@link CallJournal}), so a retried task
 *       re-pays at most its calls in flight.
 *   <li>The results are staged, then appended to {@code <output>/llm_calls/run_date=<date>/} by
 *       {@link LedgerCommit} (at most one ok row per key) before anything is returned; a failure
 *       ratio above {@code llm.max-failure-ratio} then throws {@link LlmFailureRatioException}.
 *   <li>{@link Result#rows()} holds, per requested key, its latest ok row, else its latest row
 *       (failed or {@code skipped_budget}), so downstream stages can send failures to rejects.
 * </ol>
 *
 * <p>A stage of at most {@code llm.driver-max-requests} requests (one task reads that many and one
 * more) applies the same rules on the driver instead ({@link DriverLlmBatch}): no anti-join, no
 * staging, no Spark job around its calls.
 */
public final class LlmStage {
  static final Logger LOG = LoggerFactory.getLogger(LlmStage.class);

  /** Budget passes per stage at most; each calls at least one request. */
  static final int MAX_PASSES = 8;

  private LlmStage() {}

  /**
   * @param outputPath the run's {@code output.path}; the ledger is its {@code llm_calls/} folder
   * @param runDate the partition value, e.g. {@code 2026-01-31}
   * @param format {@code parquet} or {@code json}
   * @param retryFailed call again keys whose latest row is a permanent failure ({@code --retry-failed})
   */
  public record Options(LlmSettings settings, String outputPath, String runDate, String recipe, String format, boolean retryFailed)
      implements Serializable {
    /** Options without {@code --retry-failed}. */
    public Options(LlmSettings settings, String outputPath, String runDate, String recipe, String format) {
      this(settings, outputPath, runDate, recipe, format, false);
    }

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
   * @param called keys sent to the endpoint in this run (at least one HTTP attempt; not the skipped ones, nor
   *     those {@code llm.context-tokens} or a malformed request ruled out)
   * @param failed endpoint failures among the calls (transient {@code failed} and {@code failed_permanent})
   * @param partial true when {@code llm.budget-usd} stopped calls (skipped > 0) or batch calls are still pending
   * @param perStage this run's totals by the {@code stage} column
   * @param rows per requested key its ledger row (latest ok, else latest), ledger schema
   * @param contextLength requests that did not fit the context (rejected rows, not endpoint failures)
   * @param duplicatePaid calls paid again for a key another writer had paid first (see {@link LedgerCommit})
   * @param budgetUsd the dollars this stage was given (what was left of the run's budget); 0: no limit
   * @param warnings what the report should say (e.g. calls pending in a batch)
   * @param driverRows {@code rows} as a list when the stage ran on the driver ({@link DriverLlmBatch}), else null: a
   *     caller may then hand the answers to its functions instead of joining them back
   */
  public record Result(long requested, long cached, long called, long ok, long failed, long skipped, long retries, long rateLimited,
      long promptTokens, long completionTokens, double costUsd, boolean partial, Map<String, StageTotals> perStage, Dataset<Row> rows,
      long contextLength, long duplicatePaid, double budgetUsd, List<String> warnings, List<Row> driverRows) {}

  /** What a run would do, without calling: requests to call, estimated tokens and an upper bound on dollars. */
  public record Plan(long requested, long cached, long toCall, long estimatedPromptTokens, long maxCompletionTokens, double maxCostUsd,
      Map<String, StageTotals> perStage) {}

  public static Result run(SparkSession spark, Dataset<Row> requests, Options options) {
    return run(spark, requests, options, EnvLookup.SYSTEM);
  }

  /** As {@link #run(SparkSession, Dataset, Options)}, reading the API key with {@code env} on the executors. */
  public static Result run(SparkSession spark, Dataset<Row> requests, Options options, EnvLookup env) {
    return run(spark, requests, options, env, new RunBudget(options.settings().budgetUsd()));
  }

  /**
   * As {@link #run(SparkSession, Dataset, Options, EnvLookup)} within the run's {@code budget}: the
   * stage may spend what is left of it, and spends it there.
   */
  public static Result run(SparkSession spark, Dataset<Row> requests, Options options, EnvLookup env, RunBudget budget) {
    LlmSettings settings = options.settings();
    Dataset<Row> requested = distinctRequests(requests);
    int driverMax = settings.calls().batch() ? 0 : settings.calls().driverMaxRequests();
    if (driverMax > 0) {
      // one task reads at most driverMax + 1 rows, however large the frame: a small stage runs on the driver
      List<Row> head = requests.select("request_key", "stage", "request").coalesce(1).limit(driverMax + 1).collectAsList();
      if (head.size() <= driverMax) {
        return DriverLlmBatch.run(spark, head, options, env, budget);
      }
    }
    Dataset<Row> done = doneKeys(spark, options);
    Dataset<Row> missing = requested.join(done, "request_key", "left_anti");
    // both counts in one Spark job (a key is at most once in done)
    Row counts = requested.join(done.withColumn("_done", lit(true)), "request_key", "left")
        .agg(org.apache.spark.sql.functions.count(lit(1)).as("total"), org.apache.spark.sql.functions.count(col("_done")).as("done"))
        .first();
    long total = counts.getAs("total");
    long toCall = total - counts.<Long>getAs("done");
    double stageBudget = budget.remaining();
    announce(options, "executors", total, toCall, budget);
    LlmCounters counters = new LlmCounters(spark.sparkContext());
    BatchLlmStage.Pending pending = BatchLlmStage.Pending.NONE;
    StageTallies tallies = new StageTallies();
    if (toCall > 0) {
      Path staging = new Path(LedgerCommit.stagingRoot(options.ledgerPath()),
          (options.runDate() + "-" + options.recipe()).replaceAll("[^A-Za-z0-9._-]", "_") + "-" + java.util.UUID.randomUUID());
      Dataset<Row> staged;
      if (settings.calls().batch()) {
        String out = new Path(staging, "batch").toString();
        pending = BatchLlmStage.run(spark, missing, options, env, out, budget);
        staged = BatchLlmStage.read(spark, options, out);
      } else {
        staged = callInPasses(spark, missing, toCall, options, env, counters, staging, budget.limited() ? stageBudget : 0);
      }
      tallies = StageTallies.of(LedgerCommit.commit(spark, options, staged, staging));
      LedgerCommit.clean(spark, staging);
      LedgerCommit.clean(spark, CallJournal.dir(options.ledgerPath(), options.runDate(), options.recipe()));
    }
    return finish(options, total, toCall, tallies, counters, pending, latestRows(spark, options, requested), null, budget, stageBudget);
  }

  /**
   * As {@link #run(SparkSession, Dataset, Options, EnvLookup, RunBudget)} for a stage whose few requests
   * ({@code request_key}, {@code stage}, {@code request}; keys may repeat) are already on the driver:
   * called from there ({@link DriverLlmBatch}); the result has {@link Result#driverRows()}.
   */
  public static Result runOnDriver(SparkSession spark, List<Row> requests, Options options, EnvLookup env, RunBudget budget) {
    return DriverLlmBatch.run(spark, requests, options, env, budget);
  }

  /** Logs what a stage is about to do: where it calls, how many keys the ledger already has. */
  static void announce(Options options, String where, long total, long toCall, RunBudget budget) {
    LlmSettings settings = options.settings();
    LOG.info(String.format(Locale.ROOT, "LLM stage (%s, %s %s, on the %s): %d requests, %d done in the ledger, %d to call%s",
        options.recipe(), settings.provider().equals(LlmSettings.SIMULATED) ? "SIMULATED endpoint" : org.instructsynth.llm.Secrets.redact(settings.baseUrl()),
        settings.model(), where, total, total - toCall, toCall,
        budget.limited() ? String.format(Locale.ROOT, ", $%.4f of llm.budget-usd %.4f left", budget.remaining(), budget.budgetUsd()) : ""));
  }

  /**
   * The stage's result from this run's new ledger rows ({@code tallies}): spends their known dollars
   * of the run's budget, logs the totals and throws {@link LlmFailureRatioException} above
   * {@code llm.max-failure-ratio}.
   *
   * @param driverRows {@code rows} as a driver list when the stage ran on the driver, else null
   */
  static Result finish(Options options, long total, long toCall, StageTallies tallies, LlmCounters counters, BatchLlmStage.Pending pending,
      Dataset<Row> rows, List<Row> driverRows, RunBudget budget, double stageBudget) {
    StageTallies.Tally t = tallies.total();
    budget.spend(t.knownCost); // an unpriced model's calls cannot be counted against llm.budget-usd (warned about)
    double cost = t.unpriced > 0 ? Double.NaN : t.knownCost;
    Result result = new Result(total, total - toCall, t.attempted, t.ok, t.failed, t.skipped, counters.retries.value(),
        counters.rateLimited.value(), t.promptTokens, t.completionTokens, cost, t.skipped > 0 || pending.requests() > 0,
        tallies.perStage(), rows, t.contextLength, t.duplicatePaid, budget.limited() ? stageBudget : 0,
        pending.requests() > 0 ? List.of(pending.message()) : List.of(), driverRows);
    LOG.info(String.format(Locale.ROOT,
        "LLM stage done: %d requested, %d cached, %d called (%d ok, %d failed, %d context_length, %d duplicate_paid), %d skipped by "
            + "budget, %d retries, %d x 429, %d+%d tokens, $%.4f (run: %s)%s",
        total, total - toCall, result.called(), t.ok, t.failed, t.contextLength, t.duplicatePaid, t.skipped, result.retries(),
        result.rateLimited(), t.promptTokens, t.completionTokens, cost, budget,
        t.skipped > 0 ? " (PARTIAL: llm.budget-usd reached)" : pending.requests() > 0 ? " (PARTIAL: batch pending)" : ""));
    LlmFailureRatioException.check(options.settings(), options.ledgerPath(), total, t.failed);
    return result;
  }

  private static org.apache.spark.sql.Column countOf(String status) {
    return org.apache.spark.sql.functions.sum(when(col("status").equalTo(status), 1).otherwise(0));
  }

  /**
   * Calls {@code missing} and writes the results to {@code staging}; returns them (ledger schema).
   * With a budget ({@code stageBudget > 0}) the first pass gives each of the {@code llm.partitions}
   * tasks an equal share; tasks wait while reservations are pending and skip only what their share
   * cannot hold. Each further pass spreads what is left over the skipped requests, over as many tasks
   * as can each afford the cheapest of them, until nothing is skipped, nothing more was called, or
   * less than one call's worst case remains.
   */
  private static Dataset<Row> callInPasses(SparkSession spark, Dataset<Row> missing, long toCall, Options options, EnvLookup env,
      LlmCounters counters, Path staging, double stageBudget) {
    LlmSettings settings = options.settings();
    int slots = Math.max(1, spark.sparkContext().defaultParallelism());
    RateShare rates = RateShare.of(settings, slots);
    boolean java8Time = Boolean.parseBoolean(spark.conf().get("spark.sql.datetime.java8API.enabled", "false"));
    Path journal = CallJournal.dir(options.ledgerPath(), options.runDate(), options.recipe());
    SimulatorSeeds seeds = SimulatorSeeds.read(settings, spark.sparkContext().hadoopConfiguration());
    org.apache.spark.util.SerializableConfiguration conf = new org.apache.spark.util.SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
    double budgetRps = Math.min(settings.requestsPerMinute(), rates.requestsPerMinute() * rates.concurrentTasks()) / 60.0;
    List<Dataset<Row>> passes = new java.util.ArrayList<>();
    Dataset<Row> pending = missing;
    double left = stageBudget;
    int tasks = settings.partitions();
    try (LlmProgress progress = new LlmProgress(spark.sparkContext(), counters, toCall, budgetRps, options.recipe(),
        settings.progressInterval().toMillis(), LOG::info)) {
      for (int pass = 0; pass < MAX_PASSES; pass++) {
        RateShare share = rates.withBudgetUsd(stageBudget > 0 ? left / tasks : 0);
        CallLlmPartition function = new CallLlmPartition(settings, share, options.recipe(), options.runDate(), java8Time, env, counters,
            journal.toString(), conf, seeds);
        String out = new Path(staging, "pass-" + pass).toString();
        // llm.mode branches (e.g. batch) go here: they write this pass's ledger rows to `out`
        pending.repartition(tasks).mapPartitions(function, Encoders.row(Ledger.SCHEMA))
            .write().mode(SaveMode.Overwrite).format(options.format()).save(out);
        Dataset<Row> done = spark.read().schema(Ledger.readSchema()).format(options.format()).load(out);
        passes.add(done);
        if (stageBudget <= 0) {
          break;
        }
        Row totals = done.agg(org.apache.spark.sql.functions.sum("cost_usd").as("cost"), countOf(LlmResult.SKIPPED_BUDGET).as("skipped"),
            org.apache.spark.sql.functions.sum(when(col("attempts").gt(0), 1).otherwise(0)).as("called")).first();
        left -= totals.getAs("cost") == null ? 0 : totals.<Double>getAs("cost");
        long skipped = totals.getAs("skipped") == null ? 0 : totals.<Long>getAs("skipped");
        long called = totals.getAs("called") == null ? 0 : totals.<Long>getAs("called");
        if (skipped == 0 || called == 0 || pass + 1 == MAX_PASSES) {
          break;
        }
        pending = missing.join(done.filter(col("status").equalTo(LlmResult.SKIPPED_BUDGET)).select("request_key"), "request_key");
        double cheapest = cheapestWorstCase(pending, settings);
        if (left < cheapest) {
          break;
        }
        tasks = (int) Math.max(1, Math.min(settings.partitions(), Math.floor(left / cheapest)));
        counters.done.add(-skipped); // the skipped requests are pending again: progress counts them once
        counters.skipped.add(-skipped);
        LOG.info(String.format(Locale.ROOT, "LLM stage pass %d: %d requests skipped so far, $%.4f left, spread over %d tasks",
            pass + 2, skipped, left, tasks));
      }
    }
    // a key skipped in one pass and called in a later one keeps only its later row
    Dataset<Row> staged = passes.get(passes.size() - 1);
    for (int i = passes.size() - 2; i >= 0; i--) {
      staged = staged.union(passes.get(i).filter(col("status").notEqual(LlmResult.SKIPPED_BUDGET)));
    }
    return staged;
  }

  private static double cheapestWorstCase(Dataset<Row> requests, LlmSettings settings) {
    double min = Double.POSITIVE_INFINITY;
    for (Row r : requests.select("request").collectAsList()) { // the skipped requests of a budget pass: few by nature
      min = Math.min(min, PartitionCaller.worstCaseUsd(settings, LlmRequest.fromJson(r.getAs("request"))));
    }
    return min;
  }

  /** Counts and estimates without calling: what {@link #run} would call, its tokens and dollars at most. */
  public static Plan plan(SparkSession spark, Dataset<Row> requests, Options options) {
    Dataset<Row> requested = distinctRequests(requests);
    Dataset<Row> missing = requested.join(doneKeys(spark, options), "request_key", "left_anti");
    long total = requested.count();
    StructType schema = new StructType().add("stage", DataTypes.StringType).add("prompt_tokens", DataTypes.LongType)
        .add("max_completion_tokens", DataTypes.LongType).add("max_cost_usd", DataTypes.DoubleType);
    Map<String, StageTotals> perStage = new LinkedHashMap<>();
    long calls = 0, prompt = 0, completion = 0;
    double cost = 0;
    for (Row r : missing.mapPartitions(new EstimatePartition(options.settings()), Encoders.row(schema))
        .groupBy("stage").agg(org.apache.spark.sql.functions.count(lit(1)).as("requested"),
            org.apache.spark.sql.functions.sum("prompt_tokens").as("prompt_tokens"),
            org.apache.spark.sql.functions.sum("max_completion_tokens").as("max_completion_tokens"),
            org.apache.spark.sql.functions.sum("max_cost_usd").as("max_cost_usd"))
        .orderBy("stage").collectAsList()) {
      StageTotals t = new StageTotals(r.getAs("requested"), 0, 0, 0, r.getAs("prompt_tokens"), r.getAs("max_completion_tokens"),
          r.getAs("max_cost_usd"));
      perStage.put(r.getAs("stage") == null ? "" : r.getAs("stage"), t);
      calls += t.requested(); prompt += t.promptTokens(); completion += t.completionTokens(); cost += t.costUsd();
    }
    return new Plan(total, total - calls, calls, prompt, completion, cost, perStage);
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

  /** Some of the ledger's data files (as {@link LedgerCommit#dataFiles} names them), with their {@code run_date}. */
  static Dataset<Row> readLedgerFiles(SparkSession spark, Options options, java.util.Collection<String> files) {
    return spark.read().schema(Ledger.readSchema()).format(options.format()).option("basePath", options.ledgerPath())
        .load(files.toArray(new String[0]));
  }

  static Dataset<Row> readLedger(SparkSession spark, Options options) {
    if (!ledgerExists(spark, options)) {
      return spark.createDataFrame(List.of(), Ledger.readSchema());
    }
    return spark.read().schema(Ledger.readSchema()).format(options.format()).load(options.ledgerPath());
  }

  /**
   * Keys a run does not call again: those with an ok row, and unless {@code retryFailed} those whose
   * latest row is a terminal failure ({@link LlmResult#TERMINAL}). A transient failure or a budget
   * skip that came later than a permanent failure makes the key callable again.
   */
  private static Dataset<Row> doneKeys(SparkSession spark, Options options) {
    Dataset<Row> ledger = readLedger(spark, options);
    if (options.retryFailed()) {
      return ledger.filter(col("status").equalTo(LlmResult.OK)).select("request_key").distinct();
    }
    return ledger.filter(col("status").notEqual(LlmResult.DUPLICATE_PAID))
        .withColumn("_rank", row_number().over(Window.partitionBy("request_key").orderBy(LedgerOrder.SPARK_ORDER)))
        .filter(col("_rank").equalTo(1).and(col("status").isin(LlmResult.TERMINAL.toArray())))
        .select("request_key");
  }

  private static Dataset<Row> latestRows(SparkSession spark, Options options, Dataset<Row> requested) {
    Dataset<Row> ledger = readLedger(spark, options).join(requested.select("request_key"), "request_key");
    return ledger
        .withColumn("_rank", row_number().over(Window.partitionBy("request_key").orderBy(LedgerOrder.SPARK_ORDER)))
        .filter(col("_rank").equalTo(1))
        .drop("_rank")
        .select(Ledger.columns());
  }
}
