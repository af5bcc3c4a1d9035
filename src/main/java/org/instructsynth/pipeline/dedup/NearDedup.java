package org.instructsynth.pipeline.dedup;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.config.DedupConfig;
import org.instructsynth.core.dedup.ScoreText;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.Stage;
import scala.Tuple2;

/**
 * ROUGE-L near-duplicate removal with Self-Instruct's sequential rule, exact and distributed
 * ({@link RougeDedup}). Reference sets come first and are never dropped ({@code dedup.reference-paths},
 * then, with {@code dedup.earlier-runs}, the rows every other committed date kept, so a backfill or a
 * rerun of a middle date does not republish what another date holds); then the rows in processing
 * order. A dropped row gets reason {@code near_duplicate} and {@code dup_of=<id> rouge_l=<F>}; a kept
 * row gets {@code rouge_l_max} and {@code nearest_id} when its best F is at least the similarity
 * floor.
 */
public final class NearDedup implements Stage {
  public static final String REASON = org.instructsynth.core.filter.ReasonCodes.NEAR_DUPLICATE;
  private final DedupConfig dedup;
  private final Dataset<Row> extraReferences;

  public NearDedup(DedupConfig dedup) {
    this(dedup, null);
  }

  /**
   * @param extraReferences in-memory references in {@link ReferenceSets#SCHEMA} (such as
   *     Self-Instruct's seed instructions and the pool kept in earlier rounds), compared after the
   *     {@code dedup.reference-paths} files and never dropped; null for none. Their {@code ref_ord}
   *     must differ from the files' (which are {@code fileIndex << 40} plus the line).
   */
  public NearDedup(DedupConfig dedup, Dataset<Row> extraReferences) {
    this.dedup = dedup;
    this.extraReferences = extraReferences;
  }

  @Override
  public String name() {
    return "dedup-rouge";
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> in, RunContext ctx) {
    var spark = ctx.spark();
    // RougeDedup needs a unique order; rows may share _ord (renderings of one source row), so number
    // them by (_ord, id) with zipWithIndex, which is distributed.
    StructType keyed = Columns.WORK.add("_k", DataTypes.LongType, false);
    JavaRDD<Row> numbered = in.select(Columns.all(Columns.WORK)).sort(col(Columns.ORD), col("id"))
        .javaRDD().zipWithIndex().map(new AppendIndex());
    // Cached: recomputing the numbering could order rows with equal (_ord, id) differently.
    Dataset<Row> rows = spark.createDataFrame(numbered, keyed).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());

    Dataset<Row> refs = ReferenceSets.load(spark, dedup.referencePaths(), dedup.field());
    if (dedup.earlierRuns()) {
      refs = refs.unionByName(
          ReferenceSets.otherRuns(spark, ctx.config().output().path(), ctx.runDate(), dedup.field()));
    }
    if (extraReferences != null) {
      refs = refs.unionByName(extraReferences.select(Columns.all(ReferenceSets.SCHEMA)));
    }
    // References from several sources may share ref_ord values: renumber them uniquely (and
    // persist, as the numbering is used twice below and must not change).
    StructType refKeyed = ReferenceSets.SCHEMA.add("_rk", DataTypes.LongType, false);
    refs = spark.createDataFrame(
            refs.sort(col("ref_ord"), col("ref_id"), col("text")).javaRDD().zipWithIndex().map(new AppendIndex()),
            refKeyed)
        .withColumn("ref_ord", col("_rk"))
        .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> records =
        rows.select(col("_k").cast("string").as(RougeDedup.ID), col("_k").as(RougeDedup.ORD),
                ReferenceSets.text(dedup.field()).as(RougeDedup.TEXT), lit(false).as(RougeDedup.IS_REFERENCE))
            .unionByName(refs.select(concat(lit("ref:"), col("ref_ord").cast("string")).as(RougeDedup.ID),
                col("ref_ord").minus(lit(Long.MAX_VALUE / 2)).as(RougeDedup.ORD),
                col("text").as(RougeDedup.TEXT), lit(true).as(RougeDedup.IS_REFERENCE)));
    Dataset<Row> result = RougeDedup.run(spark, records, dedup.rouge());

    // Map result keys back to example ids and places, for dup_of and nearest_id.
    Dataset<Row> names =
        rows.select(col("_k").cast("string").as("key"), col("id").as("key_id"),
                concat(coalesce(col(Columns.FILE), lit("")), lit(":"), coalesce(col(Columns.LINE).cast("string"), lit(""))).as("key_where"))
            .unionByName(refs.select(concat(lit("ref:"), col("ref_ord").cast("string")).as("key"),
                col("ref_id").as("key_id"), concat(lit("reference "), col("ref_where")).as("key_where")));
    Dataset<Row> dupOf = names.withColumnRenamed("key", "d_key").withColumnRenamed("key_id", "d_id")
        .withColumnRenamed("key_where", "d_where");
    Dataset<Row> nearest = names.withColumnRenamed("key", "n_key").withColumnRenamed("key_id", "n_id")
        .drop("key_where");

    Dataset<Row> data = rows.drop("rouge_l_max", "nearest_id");
    Dataset<Row> joined = data.join(result, data.col("_k").cast("string").equalTo(result.col("id")))
        .drop(result.col("id"))
        .join(dupOf, col("dup_of").equalTo(col("d_key")), "left")
        .join(nearest, col("nearest_id").equalTo(col("n_key")), "left");
    return joined
        .withColumn(Columns.REASON, when(not(col("kept")), lit(REASON)))
        .withColumn(Columns.DETAIL, when(not(col("kept")),
            concat(lit("dup_of="), col("d_id"), lit(" rouge_l="), org.apache.spark.sql.functions.udf(new ScoreFormat(dedup.rouge().threshold()), DataTypes.StringType)
                .apply(col("dup_score")),
                lit(" ("), col("d_where"), lit(")"))))
        .withColumn(Columns.RAW, lit(null).cast(DataTypes.StringType))
        .withColumn("nearest_id", col("n_id"))
        .select(Columns.all(Columns.ANNOTATED));
  }

  /** {@link ScoreText#of} as a Spark function: the score as the detail shows it. */
  static final class ScoreFormat implements org.apache.spark.sql.api.java.UDF1<Double, String> {
    private static final long serialVersionUID = 1L;
    private final double threshold;

    ScoreFormat(double threshold) {
      this.threshold = threshold;
    }

    @Override
    public String call(Double score) {
      return score == null ? null : ScoreText.of(score, threshold);
    }
  }

  /** Appends the zipWithIndex number to a work row. */
  static final class AppendIndex implements Function<Tuple2<Row, Long>, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Row call(Tuple2<Row, Long> t) {
      Row r = t._1();
      Object[] values = new Object[r.size() + 1];
      for (int i = 0; i < r.size(); i++) {
        values[i] = r.get(i);
      }
      values[r.size()] = t._2();
      return RowFactory.create(values);
    }
  }
}
