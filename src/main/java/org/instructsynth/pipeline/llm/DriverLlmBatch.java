package org.instructsynth.pipeline.llm;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.RateShare;

/**
 * The LLM stage for a small batch ({@code llm.driver-max-requests}, e.g. a Self-Instruct round of a few
 * prompts): the same ledger rules as {@link LlmStage}, applied to the batch's few keys on the driver
 * instead of Spark jobs around them.
 *
 * <ol>
 *   <li>{@link LedgerKeys} says which requested keys the ledger may hold (it reads only files it has
 *       not indexed yet); only those keys' rows are read (one Spark job, none for a round of new
 *       prompts), and {@link LedgerOrder#done} decides which keys are called;
 *   <li>{@link CallLlmPartition#callAll} calls them here with the whole cluster rate and what is left
 *       of the run's budget, journaling each call as the executors' tasks do ({@link CallJournal});
 *   <li>{@link LedgerCommit#commitDriverRows} appends them as one file written from the driver
 *       (another writer's payment since the lookup makes ours {@code duplicate_paid});
 *   <li>the rows handed back are each key's {@link LedgerOrder#latest} row, on the driver.
 * </ol>
 *
 * So a Self-Instruct round's LLM stage starts no Spark job at all while its keys are new, whatever
 * the ledger's size.
 */
final class DriverLlmBatch {
  private DriverLlmBatch() {}

  /** @param head the stage's request rows ({@code request_key}, {@code stage}, {@code request}), keys may repeat */
  static LlmStage.Result run(SparkSession spark, List<Row> head, LlmStage.Options options, EnvLookup env, RunBudget budget) {
    LlmSettings settings = options.settings();
    Map<String, Row> requested = new LinkedHashMap<>();
    head.forEach(r -> requested.putIfAbsent(r.getAs("request_key"), r));
    Path ledger = new Path(options.ledgerPath());
    org.apache.hadoop.fs.FileSystem fs = LedgerCommit.fileSystem(spark, ledger);
    Set<String> seen = LedgerCommit.dataFiles(fs, ledger);
    LedgerKeys index = LedgerKeys.of(fs.makeQualified(ledger).toString());
    index.refresh(spark, options, seen);
    Object[] maybe = requested.keySet().stream().filter(index::mayContain).toArray();
    Map<String, List<Row>> known = new HashMap<>();
    if (maybe.length > 0) {
      for (Row r : LlmStage.readLedger(spark, options).filter(col("request_key").isin(maybe)).select(Ledger.columns()).collectAsList()) {
        known.computeIfAbsent(r.getAs("request_key"), k -> new ArrayList<>()).add(r);
      }
    }
    List<Row> toCall = requested.values().stream().filter(r -> !LedgerOrder.done(known.get(r.<String>getAs("request_key")), options.retryFailed()))
        .toList();
    double stageBudget = budget.remaining();
    LlmStage.announce(options, "driver", requested.size(), toCall.size(), budget);
    LlmCounters counters = new LlmCounters(spark.sparkContext());
    StageTallies tallies = new StageTallies();
    if (!toCall.isEmpty()) {
      Path journal = CallJournal.dir(options.ledgerPath(), options.runDate(), options.recipe());
      boolean java8Time = Boolean.parseBoolean(spark.conf().get("spark.sql.datetime.java8API.enabled", "false"));
      RateShare share = RateShare.of(settings, 1).withBudgetUsd(budget.limited() ? stageBudget : 0);
      CallLlmPartition calls = new CallLlmPartition(settings, share, options.recipe(), options.runDate(), java8Time, env, counters,
          journal.toString(), new org.apache.spark.util.SerializableConfiguration(spark.sparkContext().hadoopConfiguration()),
          SimulatorSeeds.read(settings, spark.sparkContext().hadoopConfiguration()));
      List<Row> called;
      try (LlmProgress progress = LlmProgress.onDriver(spark.sparkContext(), counters, toCall.size(), settings.requestsPerMinute() / 60.0,
          options.recipe(), settings.progressInterval().toMillis(), LlmStage.LOG::info)) {
        called = calls.callAll(toCall.iterator());
      }
      LedgerCommit.DriverCommit commit = LedgerCommit.commitDriverRows(spark, options, called, seen, index);
      commit.appended().forEach(tallies::add);
      for (Row r : concat(commit.appended(), commit.paidElsewhere())) {
        known.computeIfAbsent(r.getAs("request_key"), k -> new ArrayList<>()).add(r);
      }
      LedgerCommit.clean(spark, journal);
    }
    List<Row> rows = new ArrayList<>();
    for (String key : requested.keySet()) {
      Row latest = LedgerOrder.latest(known.get(key));
      if (latest != null) {
        rows.add(latest);
      }
    }
    return LlmStage.finish(options, requested.size(), toCall.size(), tallies, counters, BatchLlmStage.Pending.NONE,
        spark.createDataFrame(rows, Ledger.SCHEMA), rows, budget, stageBudget);
  }

  private static List<Row> concat(List<Row> a, List<Row> b) {
    List<Row> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
