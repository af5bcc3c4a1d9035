package org.instructsynth.pipeline.llm;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

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
      .add("cost_usd", DataTypes.DoubleType, false)
      .add("created_at", DataTypes.TimestampType, false)
      .add("run_date", DataTypes.StringType, false);

  /** The schema used to read the ledger: every column nullable, as Spark reads files. */
  public static StructType readSchema() {
    return SCHEMA.asNullable();
  }
}
