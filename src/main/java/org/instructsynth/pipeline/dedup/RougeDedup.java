package org.instructsynth.pipeline.dedup;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.core.dedup.DedupSettings;
import org.instructsynth.core.dedup.PrefixFilter;
import org.instructsynth.core.dedup.SequentialRule;
import org.instructsynth.core.text.Lcs;
import org.instructsynth.core.text.RougeL;

/**
 * Exact, distributed ROUGE-L near-duplicate removal with Self-Instruct's sequential rule
 * (DESIGN.md section 5); the result equals {@link
 * org.instructsynth.core.dedup.SequentialDedup#bruteForce} over the records in {@code ord} order.
 *
 * <p><b>Input</b> columns: {@code id} string (unique), {@code ord} long (unique global processing
 * order; reference rows have the smallest ords), {@code text} string, {@code is_reference}
 * boolean. <b>Output</b>: one row per non-reference input row with {@link #RESULT_SCHEMA}:
 *
 * <ul>
 *   <li>{@code kept}: false iff an earlier kept record (reference or not) has F > threshold;
 *   <li>{@code dup_of}, {@code dup_score}: for a dropped row, the earlier kept record with the
 *       highest F (ties: smallest ord) and that F; null for kept rows;
 *   <li>{@code rouge_l_max}, {@code nearest_id}: the highest F against earlier kept records and
 *       that record (ties: smallest ord) when F {@code >=} {@link DedupSettings#similarityFloor},
 *       else null; for dropped rows they equal {@code dup_score}/{@code dup_of};
 *   <li>{@code cluster_id}: the split's group key: a kept row's own id, a dropped row's {@code
 *       dup_of} (which is kept, so it is its own cluster).
 * </ul>
 *
 * <p>F is {@link RougeL#fmeasure(int, int, int)}, rouge_score's doubles. Texts without tokens
 * score 0 against everything, so they are always kept with null similarity.
 *
 * <p><b>Algorithm</b>, in three phases, each a class of its own with small named Spark functions.
 * <b>Plan</b> ({@link DedupPlan}): (1) Tokenise; identical token sequences collapse into one group
 * (so k copies cost one candidate, not k^2 pairs). (2) Token occurrences (token, k-th occurrence)
 * are ranked globally, rarest first (ties by token, then k), and each group indexes its first
 * {@link PrefixFilter#prefixLength} occurrences at the similarity floor. <b>Candidate pairs</b>
 * ({@link CandidatePairs}, {@link VerifyGroup}): (3) Groups sharing a prefix rank are verified
 * pairwise with the bit-parallel {@link Lcs}, each pair only under the smallest rank in both the
 * shorter side's {@link PrefixFilter#shortPrefixLength short prefix} and the longer side's prefix;
 * ranks shared by more than {@code maxGroupSize} groups are split into blocks and verified block
 * pair by block pair, so no task holds more than 2 * maxGroupSize groups. {@code brute-force} puts
 * every group under one rank. <b>Resolution</b> ({@link Resolution}): (4) Connected components of
 * the pairs with F > threshold ({@link ConnectedComponents}: label propagation with pointer
 * jumping). (5) Each component is resolved sequentially in ord order inside one task with {@link
 * SequentialRule}, the rule every engine shares. (6) Best earlier kept neighbour per row from the
 * verified pairs with F >= floor. The driver only collects the list of oversized ranks (at most
 * total prefix entries / maxGroupSize of them).
 */
public final class RougeDedup {
  public static final String ID = "id";
  public static final String ORD = "ord";
  public static final String TEXT = "text";
  public static final String IS_REFERENCE = "is_reference";

  public static final StructType RESULT_SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType, false)
          .add("kept", DataTypes.BooleanType, false)
          .add("dup_of", DataTypes.StringType, true)
          .add("dup_score", DataTypes.DoubleType, true)
          .add("rouge_l_max", DataTypes.DoubleType, true)
          .add("nearest_id", DataTypes.StringType, true)
          .add("cluster_id", DataTypes.StringType, false);

  private RougeDedup() {}

  /** Runs the stage; see the class comment for the input and output contracts. */
  public static Dataset<Row> run(SparkSession spark, Dataset<Row> records, DedupSettings settings) {
    try (StageCache cache = new StageCache()) {
      DedupPlan plan = DedupPlan.build(spark, records, settings, cache);
      Dataset<Row> pairs = CandidatePairs.verify(spark, plan, settings, cache);
      Dataset<Row> nonEmpty = Resolution.resolve(spark, plan, pairs, settings, cache);
      return nonEmpty.union(plan.empties()).localCheckpoint();
    }
  }
}
