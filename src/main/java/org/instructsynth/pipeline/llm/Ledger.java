package org.instructsynth.pipeline.llm;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.llm.LlmResult;

/**
 * The LLM ledger {@code <output>/llm_calls/run_date=<date>/}: one row per call attempt of a request
 * key (DESIGN section 3). It is append-only; a key counts as paid for once it has a row with
 * status {@code ok} under any date.
 */
public final class Ledger {
  private Ledger() {}

  public static final String DIR = "llm_calls";

  public static final StructType SCHEMA = new StructType()
      .add("request_key", DataTypes.StringType, false)
      .add("recipe", DataTypes.StringType, true)
      .add("stage", DataTypes.StringType, true)
      .add("model", DataTypes.StringType, true)
      .add("request", DataTypes.StringType, true)
      .add("response", DataTypes.StringType, true)
      .add("finish_reason", DataTypes.StringType, true)
      .add("prompt_tokens", DataTypes.LongType, false)
      .add("completion_tokens", DataTypes.LongType, false)
      .add("latency_ms", DataTypes.LongType, false)
      .add("attempts", DataTypes.IntegerType, false)
      .add("status", DataTypes.StringType, false)
      .add("http_status", DataTypes.IntegerType, true)
      .add("error", DataTypes.StringType, true)
      .add("cost_usd", DataTypes.DoubleType, true)
      .add("created_at", DataTypes.TimestampType, false)
      .add("run_date", DataTypes.StringType, false)
      .add("cached_tokens", DataTypes.LongType, true);

  /**
   * One ledger row in {@link #SCHEMA} order for {@code r}. A NaN cost (the model has no price) is
   * written as null: unknown, never $0.
   *
   * @param createdAt a {@link java.sql.Timestamp} or an {@link java.time.Instant}, as the session's
   *     {@code spark.sql.datetime.java8API.enabled} wants
   */
  public static Row row(String requestKey, String recipe, String stage, String request, LlmResult r, Object createdAt, String runDate) {
    return RowFactory.create(
        requestKey, recipe, stage, r.model(), request, r.response(), r.finishReason(),
        r.promptTokens(), r.completionTokens(), r.latencyMs(), r.attempts(), r.status(), r.httpStatus(), r.error(),
        Double.isNaN(r.costUsd()) ? null : r.costUsd(), createdAt, runDate, r.cachedTokens());
  }

  /** The schema used to read the ledger: every column nullable, as Spark reads files. */
  public static StructType readSchema() {
    return SCHEMA.asNullable();
  }
}
