package org.instructsynth.pipeline.llm;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.instructsynth.llm.LlmResult;

/**
 * Which of a request key's ledger rows counts: its latest {@code ok} row, else its latest row. Written
 * for both engines that read the ledger, side by side so they cannot drift apart: {@link #SPARK_ORDER}
 * for the window functions of {@link LlmStage} (any size) and {@link #JAVA_ORDER} for the few keys of a
 * {@link DriverLlmBatch}; {@code LedgerOrderTest} runs both on the same rows.
 */
final class LedgerOrder {
  private LedgerOrder() {}

  /** Best first: ok before anything else, then the latest {@code created_at}. */
  static final Column[] SPARK_ORDER = {when(col("status").equalTo(LlmResult.OK), 0).otherwise(1), col("created_at").desc()};

  /** {@link #SPARK_ORDER} for rows in {@link Ledger#SCHEMA}. */
  static final Comparator<Row> JAVA_ORDER = Comparator.<Row>comparingInt(r -> LlmResult.OK.equals(r.getAs("status")) ? 0 : 1)
      .thenComparing(r -> instant(r.getAs("created_at")), Comparator.reverseOrder());

  /** The row of a key that downstream stages read: the first of {@code rows} in {@link #JAVA_ORDER}; null when empty. */
  static Row latest(List<Row> rows) {
    return rows == null || rows.isEmpty() ? null : rows.stream().min(JAVA_ORDER).orElseThrow();
  }

  /**
   * Whether a run calls this key again, given all its ledger rows: not when it has an ok row, nor
   * (unless {@code retryFailed}) when its best row other than {@code duplicate_paid} is terminal
   * ({@link LlmResult#TERMINAL}): a transient failure or a budget skip after a permanent failure makes
   * it callable again. The same rule as {@code LlmStage.doneKeys} over the whole ledger.
   */
  static boolean done(List<Row> rows, boolean retryFailed) {
    if (rows == null || rows.isEmpty()) {
      return false;
    }
    if (retryFailed) {
      return rows.stream().anyMatch(r -> LlmResult.OK.equals(r.getAs("status")));
    }
    Row best = latest(rows.stream().filter(r -> !LlmResult.DUPLICATE_PAID.equals(r.getAs("status"))).toList());
    return best != null && LlmResult.TERMINAL.contains(best.<String>getAs("status"));
  }

  private static Instant instant(Object createdAt) {
    if (createdAt instanceof Timestamp t) {
      return t.toInstant();
    }
    return createdAt == null ? Instant.MIN : (Instant) createdAt;
  }
}
