package org.instructsynth.pipeline.stage;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.dense_rank;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.instructsynth.config.SplitConfig;
import org.instructsynth.core.split.SplitHash;
import org.instructsynth.pipeline.Columns;

/**
 * Assigns {@code split} (DESIGN.md §6): rows of a held-out cluster go to {@code eval_unseen}; every
 * other group goes to {@code eval} when its bucket {@link SplitHash#bucket} is below
 * {@code split.eval-fraction}, else to {@code train}. The group key ({@link Columns#GROUP}) keeps
 * near-duplicates and renderings of one source row on the same side. A task with more than
 * {@code min-eval-per-task} groups gets at least that many in eval: its groups with the lowest buckets.
 */
public final class SplitStage {
  static final String BUCKET_UDF = "instructsynth_split_bucket";

  private SplitStage() {}

  public static Dataset<Row> assign(Dataset<Row> in, SplitConfig split) {
    in.sparkSession().udf().register(BUCKET_UDF, new Bucket(split.seed()), DataTypes.DoubleType);
    Column task = coalesce(col("task_id"), lit(""));
    Column group = coalesce(col(Columns.GROUP), col("id"));
    List<String> holdout = split.holdoutClusters();
    Column heldOut = holdout.isEmpty() ? lit(false) : coalesce(col("cluster").isin(holdout.toArray()), lit(false));
    WindowSpec byTask = Window.partitionBy(task, heldOut);
    WindowSpec ranked = Window.partitionBy(task, heldOut).orderBy(col("_bucket"), col("_gkey"));
    int minEval = split.minEvalPerTask();
    Dataset<Row> withBucket =
        in.withColumn("_gkey", group)
            .withColumn("_bucket", callUDF(BUCKET_UDF, col("_gkey")))
            .withColumn("_grank", dense_rank().over(ranked));
    Dataset<Row> withGroups = withBucket.withColumn("_groups", max(col("_grank")).over(byTask));
    Column toEval =
        col("_bucket").lt(split.evalFraction())
            .or(col("_groups").gt(minEval).and(col("_grank").leq(minEval)));
    return withGroups
        .withColumn("split", when(heldOut, lit("eval_unseen")).when(toEval, lit("eval")).otherwise(lit("train")))
        .drop("_gkey", "_bucket", "_grank", "_groups");
  }

  /** One-line adapter over {@link SplitHash#bucket}. */
  static final class Bucket implements UDF1<String, Double> {
    private static final long serialVersionUID = 1L;
    private final long seed;

    Bucket(long seed) {
      this.seed = seed;
    }

    @Override
    public Double call(String groupKey) {
      return SplitHash.bucket(seed, groupKey);
    }
  }
}
