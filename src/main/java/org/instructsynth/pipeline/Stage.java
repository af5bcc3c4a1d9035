package org.instructsynth.pipeline;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One named step of a recipe. A stage annotates rows rather than dropping them: it returns
 * {@link Columns#ANNOTATED} rows where {@link Columns#REASON} is null for rows it keeps and a stable
 * reason code for rows it drops. {@link StageRunner} splits the two, so every dropped row reaches the
 * rejects table with the stage's name.
 */
public interface Stage {
  /** The stage name written to the {@code stage} column of rejects and shown in the funnel. */
  String name();

  /**
   * @param in the rows kept by the previous stage ({@link Columns#WORK}); null for a loading stage
   */
  Dataset<Row> apply(Dataset<Row> in, RunContext ctx);

  /**
   * Called once {@link StageRunner} has materialised (persisted and counted) this stage's output:
   * a stage releases here what its {@link #apply} persisted for its own use.
   */
  default void materialized() {}

  /**
   * Columns of this stage's output beyond {@link Columns#ANNOTATED} that its kept rows hand to the
   * next stage (an LLM stage's candidate answers for the judge); the rejects table never has them.
   */
  default java.util.List<String> handsOn() {
    return java.util.List.of();
  }

  /**
   * The last {@link #apply}'s output counts when the stage already knows them (it decided its few rows
   * on the driver), so {@link StageRunner} need not start a Spark job to count; null: the runner counts.
   */
  default Counts knownCounts() {
    return null;
  }

  /** A stage output's rows: all of them, and those kept ({@link Columns#REASON} null). */
  record Counts(long all, long kept) {
    /** The counts of {@code rows} in {@code schema}, a schema with {@link Columns#REASON} ({@link Columns#ANNOTATED} and wider). */
    public static Counts of(java.util.List<Row> rows, org.apache.spark.sql.types.StructType schema) {
      int reason = schema.fieldIndex(Columns.REASON);
      return new Counts(rows.size(), rows.stream().filter(r -> r.isNullAt(reason)).count());
    }
  }
}
