package org.instructsynth.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
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

  /** The rows each live frame was built from (weak keys: a frame no longer used is forgotten with its rows). */
  private static final Map<Dataset<Row>, List<Row>> SOURCES = Collections.synchronizedMap(new WeakHashMap<>());

  public static Dataset<Row> frame(SparkSession spark, List<Row> rows, StructType schema) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slices = Math.max(jsc.defaultParallelism(), (rows.size() + ROWS_PER_SLICE - 1) / ROWS_PER_SLICE);
    Dataset<Row> frame = spark.createDataFrame(jsc.parallelize(rows, Math.max(1, slices)), schema);
    SOURCES.put(frame, List.copyOf(rows)); // references only: the RDD holds the same rows
    return frame;
  }

  /**
   * The rows {@code frame} was built from by {@link #frame}, readable by column name, or null for any
   * other frame: a stage that works on a small frame on the driver reads them without a Spark job.
   */
  public static List<Row> rowsOf(Dataset<Row> frame) {
    List<Row> rows = SOURCES.get(frame);
    if (rows == null) {
      return null;
    }
    StructType schema = frame.schema();
    List<Row> named = new ArrayList<>(rows.size());
    for (Row r : rows) {
      named.add(r.schema() != null ? r : new GenericRowWithSchema(values(r), schema));
    }
    return named;
  }

  private static Object[] values(Row r) {
    Object[] v = new Object[r.length()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.get(i);
    }
    return v;
  }
}
