package org.instructsynth.pipeline.llm;

import org.apache.spark.sql.Row;
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
    return of(
        requestKey, recipe, stage, r.model(), request, r.response(), r.finishReason(),
        r.promptTokens(), r.completionTokens(), r.latencyMs(), r.attempts(), r.status(), r.httpStatus(), r.error(),
        Double.isNaN(r.costUsd()) ? null : r.costUsd(), createdAt, runDate, r.cachedTokens());
  }

  /** A ledger row of {@code values} in {@link #SCHEMA} order that can be read by column name. */
  public static Row of(Object... values) {
    if (values.length != SCHEMA.size()) {
      throw new IllegalArgumentException("a ledger row has " + SCHEMA.size() + " values, got " + values.length);
    }
    return new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(values, SCHEMA);
  }

  /**
   * A ledger row as one JSON object, for the call journal's lines and the driver's JSON ledger files.
   *
   * @param time how {@code created_at} is written (the journal: epoch millis; a JSON ledger file: Spark's text format)
   * @param nulls write null values as JSON nulls (the journal) or leave them out (a ledger file, as Spark's writer)
   * @param skip a column left out ({@code run_date} in a ledger file, whose partition folder holds it), or null
   */
  static com.fasterxml.jackson.databind.node.ObjectNode toJson(Row row, java.util.function.Function<java.time.Instant, Object> time,
      boolean nulls, String skip) {
    com.fasterxml.jackson.databind.node.ObjectNode n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    String[] names = SCHEMA.fieldNames();
    for (int i = 0; i < names.length; i++) {
      Object v = row.get(i);
      if (names[i].equals(skip) || (v == null && !nulls)) {
        continue;
      }
      if (v instanceof java.sql.Timestamp t) {
        v = time.apply(t.toInstant());
      } else if (v instanceof java.time.Instant t) {
        v = time.apply(t);
      }
      if (v == null) {
        n.putNull(names[i]);
      } else if (v instanceof Long l) {
        n.put(names[i], l);
      } else if (v instanceof Integer l) {
        n.put(names[i], l);
      } else if (v instanceof Double d) {
        n.put(names[i], d);
      } else {
        n.put(names[i], v.toString());
      }
    }
    return n;
  }

  /** {@link #SCHEMA}'s columns in its order (a read puts the partition column {@code run_date} last). */
  public static org.apache.spark.sql.Column[] columns() {
    return java.util.Arrays.stream(SCHEMA.fieldNames()).map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new);
  }

  /** The schema used to read the ledger: every column nullable, as Spark reads files. */
  public static StructType readSchema() {
    return SCHEMA.asNullable();
  }
}
