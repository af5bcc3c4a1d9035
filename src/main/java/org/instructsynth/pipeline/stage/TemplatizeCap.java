package org.instructsynth.pipeline.stage;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.instructsynth.config.TemplatizeConfig;
import org.instructsynth.config.TemplatizeConfig.DatasetConfig;
import org.instructsynth.core.filter.ReasonCodes;
import org.instructsynth.core.split.GivenSplit;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.Stage;

/**
 * The {@code templatize} per-dataset caps, FLAN's slices: the FIRST {@code cap} (30,000) training rows
 * of each dataset in input order ({@code train[:30000]}), the first {@code validation-cap} (200) rows
 * of a dataset's own validation split ({@code validation[:200]}), its test split whole. A dataset
 * without its own splits is one stream, capped at its first {@code cap} rows, and split by hash later.
 * Rows past a cap go to rejects as {@code over_dataset_cap}.
 */
public final class TemplatizeCap implements Stage {
  static final String GIVEN_UDF = "instructsynth_templatize_given";

  @Override
  public String name() {
    return "cap";
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> in, RunContext ctx) {
    TemplatizeConfig t = ctx.config().templatize();
    Column trainCap = lit(t.general() == null ? t.datasetCap() : t.general().cap());
    for (DatasetConfig ds : t.datasets()) {
      trainCap = when(col("task_id").equalTo(ds.name()), lit(ds.cap())).otherwise(trainCap);
    }
    Column given = given(in);
    Column cap = when(given.equalTo(GivenSplit.VALIDATION), lit(t.validationCap()))
        .when(given.equalTo(GivenSplit.TEST), lit(Integer.MAX_VALUE))
        .otherwise(trainCap);
    Column stream = stream(given);
    Column first = row_number().over(Window.partitionBy(col("task_id"), stream).orderBy(col(Columns.ORD)));
    Column detail = org.apache.spark.sql.functions.concat(lit("past the first "), cap.cast("string"),
        lit(" rows of the "), stream, lit(" rows of task "), col("task_id"), lit(" (templatize.dataset-cap / validation-cap)"));
    return limit(in, first, cap, ReasonCodes.OVER_DATASET_CAP, detail);
  }

  /** The split a row's dataset gives it ({@code train}, {@code validation}, {@code test}), else null. */
  static Column given(Dataset<Row> in) {
    in.sparkSession().udf().register(GIVEN_UDF, (UDF1<String, String>) GivenSplit::of, DataTypes.StringType);
    return callUDF(GIVEN_UDF, col(Columns.GROUP));
  }

  /** A row's stream: its given split, or {@code all} for a dataset without its own splits. */
  static Column stream(Column given) {
    return when(given.isNull(), lit("all")).otherwise(given);
  }

  /** Marks the rows whose {@code rank} (1-based) is past {@code cap} as dropped with {@code reason}. */
  static Dataset<Row> limit(Dataset<Row> in, Column rank, Column cap, String reason, Column detail) {
    Column over = col("_n").gt(col("_cap"));
    return in.withColumn("_n", rank)
        .withColumn("_cap", cap)
        .withColumn("_d", detail)
        .withColumn(Columns.REASON, when(over, lit(reason)))
        .withColumn(Columns.DETAIL, when(over, col("_d")))
        .withColumn(Columns.RAW, lit(null).cast(DataTypes.StringType))
        .select(Columns.all(Columns.ANNOTATED));
  }
}
