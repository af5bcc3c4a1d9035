package org.instructsynth.pipeline.stage;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.instructsynth.core.ContentHash;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.Stage;

/**
 * Drops exact duplicates: rows whose instruction, input and output are equal to an earlier row's after
 * {@link ContentHash#normalize} (case and white space). The earliest row in processing order is kept,
 * so the result equals a sequential pass over the input.
 */
public final class ExactDedup implements Stage {
  public static final String REASON = "exact_duplicate";
  static final String KEY_UDF = "instructsynth_normalized_key";

  @Override
  public String name() {
    return "dedup-exact";
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> in, RunContext ctx) {
    ctx.spark().udf().register(KEY_UDF, new NormalizedKey(), DataTypes.StringType);
    WindowSpec byKey = Window.partitionBy(col("_key")).orderBy(col(Columns.ORD));
    Dataset<Row> ranked =
        in.withColumn("_key", callUDF(KEY_UDF, col("instruction"), col("input"), col("output")))
            .withColumn("_rank", row_number().over(byKey))
            .withColumn("_first", first(col("id")).over(byKey))
            .withColumn("_first_where", first(concat(col(Columns.FILE), lit(":"), col(Columns.LINE))).over(byKey));
    return ranked
        .withColumn(Columns.REASON, when(col("_rank").gt(1), lit(REASON)))
        .withColumn(
            Columns.DETAIL,
            when(col("_rank").gt(1),
                concat(lit("dup_of="), col("_first"), lit(" (same normalised text as "), col("_first_where"), lit(")"))))
        .withColumn(Columns.RAW, lit(null).cast(DataTypes.StringType))
        .select(Columns.all(Columns.ANNOTATED));
  }

  /** One-line adapter over {@link ContentHash#normalizedKey}. */
  static final class NormalizedKey implements UDF3<String, String, String, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String call(String instruction, String input, String output) {
      return ContentHash.normalizedKey(instruction, input, output);
    }
  }
}
