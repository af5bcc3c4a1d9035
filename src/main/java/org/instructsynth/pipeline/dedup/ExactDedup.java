package org.instructsynth.pipeline.dedup;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
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
 *
 * <p>With {@code otherDates}, the rows every other committed date of the output kept
 * ({@link ReferenceSets#otherRunRows}) come first and are never dropped: a row of this night equal to
 * one of them is dropped with {@code dup_of=<its id> (same normalised text as train run_date=...)}. As
 * an example's id is the hash of its instruction, input and output, no id then appears in two dates,
 * whatever order the dates run in. {@code withinRun} false checks only against the other dates
 * (recipes that do not deduplicate within a night, and {@code dedup.exact: false}).
 */
public final class ExactDedup implements Stage {
  public static final String REASON = org.instructsynth.core.filter.ReasonCodes.EXACT_DUPLICATE;
  static final String KEY_UDF = "instructsynth_normalized_key";

  private final boolean withinRun;
  private final boolean otherDates;

  /** Within the run only, as {@code dedup.exact} without other dates. */
  public ExactDedup() {
    this(true, false);
  }

  public ExactDedup(boolean withinRun, boolean otherDates) {
    this.withinRun = withinRun;
    this.otherDates = otherDates;
  }

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
    Column sameRun = withinRun ? col("_rank").gt(1) : lit(false);
    Column detail = concat(lit("dup_of="), col("_first"), lit(" (same normalised text as "), col("_first_where"), lit(")"));
    Column dropped = sameRun;
    if (otherDates) {
      // One reference per normalised key: the smallest (run_date, id), so dup_of is deterministic.
      Dataset<Row> refs = ReferenceSets.otherRunRows(ctx.spark(), ctx.config().output().path(), ctx.runDate())
          .withColumn("_ref_key", callUDF(KEY_UDF, col("instruction"), col("input"), col("output")))
          .groupBy("_ref_key")
          .agg(min(struct(col("run_date"), col("id"), col("ref_where"))).as("_ref"))
          .select(col("_ref_key"), col("_ref.id").as("_ref_id"), col("_ref.ref_where").as("_ref_where"));
      ranked = ranked.join(refs, ranked.col("_key").equalTo(refs.col("_ref_key")), "left");
      Column other = col("_ref_id").isNotNull();
      dropped = other.or(sameRun);
      detail = when(other, concat(lit("dup_of="), col("_ref_id"), lit(" (same normalised text as reference "),
          col("_ref_where"), lit(")"))).otherwise(detail);
    }
    return ranked
        .withColumn(Columns.REASON, when(dropped, lit(REASON)))
        .withColumn(Columns.DETAIL, when(dropped, detail))
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
