package org.instructsynth.pipeline.stage;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.instructsynth.config.SplitConfig;
import org.instructsynth.core.split.GivenSplit;
import org.instructsynth.core.split.SplitHash;
import org.instructsynth.pipeline.Columns;

/**
 * Assigns {@code split} (DESIGN.md §6): rows of a held-out cluster go to {@code eval_unseen}; every
 * other group goes to {@code eval} when its bucket {@link SplitHash#bucket} is below
 * {@code split.eval-fraction}, else to {@code train}. The group key ({@link Columns#GROUP}) keeps
 * near-duplicates and renderings of one source row on the same side. A task with more than
 * {@code min-eval-per-task} groups gets at least that many in eval: its groups with the lowest buckets.
 * A group whose key carries a split the input gave ({@link GivenSplit}, templatize's datasets with
 * their own splits) keeps it (unless its cluster is held out) and takes no part in the hash split.
 */
public final class SplitStage {
  static final String BUCKET_UDF = "instructsynth_split_bucket";
  static final String GIVEN_UDF = "instructsynth_given_split";

  private SplitStage() {}

  public static Dataset<Row> assign(Dataset<Row> in, SplitConfig split) {
    in.sparkSession().udf().register(BUCKET_UDF, new Bucket(split.seed()), DataTypes.DoubleType);
    in.sparkSession().udf().register(GIVEN_UDF, (UDF1<String, String>) GivenSplit::table, DataTypes.StringType);
    List<String> holdout = split.holdoutClusters();
    Column heldOut = holdout.isEmpty() ? lit(false) : coalesce(col("cluster").isin(holdout.toArray()), lit(false));
    Dataset<Row> rows =
        in.withColumn("_task", coalesce(col("task_id"), lit("")))
            .withColumn("_gkey", coalesce(col(Columns.GROUP), col("id")))
            .withColumn("_held", heldOut)
            .withColumn("_given", callUDF(GIVEN_UDF, col(Columns.GROUP)))
            .withColumn("_bucket", callUDF(BUCKET_UDF, col("_gkey")));
    Column toEval = col("_bucket").lt(split.evalFraction());
    if (split.minEvalPerTask() > 0) {
      rows = rows.join(forcedEval(rows, split), List.of("_task", "_gkey").toArray(String[]::new), "left");
      toEval = toEval.or(coalesce(col("_forced"), lit(false)));
    }
    return rows
        .withColumn("split", when(col("_held"), lit("eval_unseen")).when(col("_given").isNotNull(), col("_given"))
            .when(toEval, lit("eval")).otherwise(lit("train")))
        .drop("_task", "_gkey", "_held", "_given", "_bucket", "_forced");
  }

  /**
   * The groups moved to eval to reach {@code min-eval-per-task}: for each task (not held out) with
   * more groups than the minimum but fewer eval groups, its lowest-bucket groups. Task statistics
   * are an aggregation; only the tasks that need groups moved are ranked, so a large task (the
   * usual case, already over the minimum) never becomes one window partition.
   */
  private static Dataset<Row> forcedEval(Dataset<Row> rows, SplitConfig split) {
    int minEval = split.minEvalPerTask();
    Dataset<Row> groups = rows.where(not(col("_held")).and(col("_given").isNull())).select("_task", "_gkey", "_bucket").distinct();
    Dataset<Row> needy =
        groups.groupBy("_task")
            .agg(count(lit(1)).as("_groups"),
                sum(when(col("_bucket").lt(split.evalFraction()), 1).otherwise(0)).as("_eval"))
            .where(col("_groups").gt(minEval).and(col("_eval").lt(minEval)))
            .select("_task");
    return groups.join(broadcast(needy), "_task")
        .withColumn("_rank", row_number().over(Window.partitionBy("_task").orderBy(col("_bucket"), col("_gkey"))))
        .where(col("_rank").leq(minEval))
        .select(col("_task"), col("_gkey"), lit(true).as("_forced"));
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
