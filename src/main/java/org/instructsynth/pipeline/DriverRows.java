package org.instructsynth.pipeline;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Rows built on the driver (a generation loop's log, a batch of LLM requests) as a frame that scales
 * with them. {@code createDataFrame(List, schema)} makes a {@code LocalRelation}: the optimizer
 * copies it whole into every query over it ({@code ConvertToLocalRelation}) and a scan ships it in
 * a few huge tasks; a 100K-call self-instruct run's 440K log rows ran a 4 GB driver out of heap that
 * way. Here the rows are parallelised in slices of {@value #ROWS_PER_SLICE}, so queries plan over an
 * RDD and each task carries one slice.
 */
public final class DriverRows {
  static final int ROWS_PER_SLICE = 5_000;

  private DriverRows() {}

  public static Dataset<Row> frame(SparkSession spark, List<Row> rows, StructType schema) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slices = Math.max(jsc.defaultParallelism(), (rows.size() + ROWS_PER_SLICE - 1) / ROWS_PER_SLICE);
    return spark.createDataFrame(jsc.parallelize(rows, Math.max(1, slices)), schema);
  }
}
