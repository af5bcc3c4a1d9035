package org.instructsynth.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.pipeline.llm.LlmCalls;
import org.instructsynth.pipeline.llm.Ledger;

/**
 * What this run's calls in the {@code llm_calls} ledger say beyond the totals: latency (p50 and p95 of
 * {@code latency_ms}) and calls that ended in HTTP 429 per stage, and the models called. This run's rows
 * are those of its {@code run_date} created after it started; answers reused from the ledger made no call
 * and have no latency.
 */
final class LedgerStats {

  /** One stage's calls made by this run. */
  record StageLatency(String stage, long calls, long p50Ms, long p95Ms, long maxMs, long final429) {}

  record Stats(List<StageLatency> stages, List<String> models) {}

  private LedgerStats() {}

  static Stats of(RunContext ctx, Instant started) {
    String path = LlmCalls.ledgerPath(ctx);
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration());
      if (!fs.exists(new Path(p, "run_date=" + ctx.runDate()))) {
        return new Stats(List.of(), List.of());
      }
    } catch (IOException e) {
      return new Stats(List.of(), List.of()); // the totals still come from the run; only the latency is missing
    }
    String format = "jsonl".equals(ctx.config().output().format()) ? "json" : "parquet";
    Dataset<Row> rows = ctx.spark().read().schema(Ledger.readSchema()).format(format).load(path)
        .where(col("run_date").equalTo(ctx.runDate()).and(col("created_at").geq(lit(Timestamp.from(started.minusMillis(1))))))
        .where(col("status").notEqual("skipped_budget"));
    List<StageLatency> stages = new ArrayList<>();
    for (Row r : rows.groupBy(col("stage")).agg(count(lit(1)).as("calls"), expr("percentile(latency_ms, 0.5)").as("p50"),
            expr("percentile(latency_ms, 0.95)").as("p95"), expr("max(latency_ms)").as("max"),
            sum(when(col("http_status").equalTo(429), 1).otherwise(0)).as("rate_limited"))
        .orderBy("stage").collectAsList()) {
      stages.add(new StageLatency(r.getAs("stage") == null ? "" : r.getAs("stage"), r.getAs("calls"),
          Math.round(r.<Double>getAs("p50")), Math.round(r.<Double>getAs("p95")), r.getAs("max"), r.getAs("rate_limited")));
    }
    Map<String, Boolean> models = new LinkedHashMap<>();
    rows.select("model").distinct().orderBy("model").collectAsList().forEach(r -> models.put(r.getAs("model"), true));
    return new Stats(stages, new ArrayList<>(models.keySet()));
  }
}
