package org.instructsynth.pipeline.llm;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.instructsynth.llm.LlmResult;

/**
 * This run's new ledger rows summed by their {@code stage} column: the per-stage totals of the
 * report, the stage's counts and the dollars it spent of the run's budget. One definition for both
 * paths of {@link LlmStage}: the rows of a {@link DriverLlmBatch} are added here, a frame's are
 * added per partition on the executors and merged ({@link #of(Dataset)}, one Spark job). Public only
 * for Spark's encoder; its methods are the package's.
 */
public final class StageTallies implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One stage's sums. */
  static final class Tally implements Serializable {
    private static final long serialVersionUID = 1L;
    long requested, ok, failed, skipped, promptTokens, completionTokens, contextLength, duplicatePaid, attempted, unpriced;
    double knownCost;

    void add(Row r) {
      String status = r.getAs("status");
      requested++;
      ok += LlmResult.OK.equals(status) ? 1 : 0;
      failed += LlmResult.FAILED.equals(status) || LlmResult.FAILED_PERMANENT.equals(status) ? 1 : 0;
      skipped += LlmResult.SKIPPED_BUDGET.equals(status) ? 1 : 0;
      contextLength += LlmResult.CONTEXT_LENGTH.equals(status) ? 1 : 0;
      duplicatePaid += LlmResult.DUPLICATE_PAID.equals(status) ? 1 : 0;
      promptTokens += r.<Long>getAs("prompt_tokens");
      completionTokens += r.<Long>getAs("completion_tokens");
      attempted += r.<Integer>getAs("attempts") > 0 ? 1 : 0;
      Double cost = r.getAs("cost_usd");
      if (cost != null) {
        knownCost += cost;
      } else if (LlmResult.OK.equals(status)) {
        unpriced++;
      }
    }

    void merge(Tally t) {
      requested += t.requested; ok += t.ok; failed += t.failed; skipped += t.skipped; promptTokens += t.promptTokens;
      completionTokens += t.completionTokens; contextLength += t.contextLength; duplicatePaid += t.duplicatePaid;
      attempted += t.attempted; unpriced += t.unpriced; knownCost += t.knownCost;
    }

    /** The report's totals; any unpriced ok call makes the cost unknown (NaN, reported as null), never $0. */
    LlmStage.StageTotals totals() {
      return new LlmStage.StageTotals(requested, ok, failed, skipped, promptTokens, completionTokens, unpriced > 0 ? Double.NaN : knownCost);
    }
  }

  private final TreeMap<String, Tally> byStage = new TreeMap<>();

  /** Adds one ledger row ({@link Ledger#SCHEMA}) under its stage ({@code ""} when null). */
  void add(Row row) {
    String stage = row.getAs("stage");
    byStage.computeIfAbsent(stage == null ? "" : stage, s -> new Tally()).add(row);
  }

  void merge(StageTallies other) {
    other.byStage.forEach((stage, t) -> byStage.computeIfAbsent(stage, s -> new Tally()).merge(t));
  }

  static StageTallies of(List<Row> rows) {
    StageTallies tallies = new StageTallies();
    rows.forEach(tallies::add);
    return tallies;
  }

  /** The sums of a frame of ledger rows, added per partition on the executors and merged here. */
  static StageTallies of(Dataset<Row> rows) {
    StageTallies all = new StageTallies();
    rows.mapPartitions((MapPartitionsFunction<Row, StageTallies>) it -> {
      StageTallies part = new StageTallies();
      it.forEachRemaining(part::add);
      return List.of(part).iterator();
    }, Encoders.javaSerialization(StageTallies.class)).collectAsList().forEach(all::merge);
    return all;
  }

  /** Per stage, in stage order. */
  Map<String, LlmStage.StageTotals> perStage() {
    Map<String, LlmStage.StageTotals> out = new java.util.LinkedHashMap<>();
    byStage.forEach((stage, t) -> out.put(stage, t.totals()));
    return out;
  }

  /** The sums over every stage. */
  Tally total() {
    Tally all = new Tally();
    byStage.values().forEach(all::merge);
    return all;
  }
}
