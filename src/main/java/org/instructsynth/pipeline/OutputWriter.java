package org.instructsynth.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.config.OutputConfig;

/**
 * Writes the output layout of DESIGN.md §3: one directory per table under {@code output.path},
 * partitioned by {@code run_date} with dynamic partition overwrite, so rerunning a date replaces that
 * date's rows and leaves other dates alone. A table that is empty this run has its date partition
 * removed (Spark writes no partition for an empty frame, which would leave an earlier run's rows).
 */
public final class OutputWriter {
  private final SparkSession spark;
  private final OutputConfig output;
  private final String runId;
  private final String runDate;

  public OutputWriter(SparkSession spark, OutputConfig output, String runId, String runDate) {
    this.spark = spark;
    this.output = output;
    this.runId = runId;
    this.runDate = runDate;
  }

  /** Writes {@code df} (conformed to {@code schema}, run columns filled) as {@code table}; returns the partition path. */
  public String write(String table, Dataset<Row> df, StructType schema) {
    Dataset<Row> rows =
        Columns.conform(df.withColumn("run_id", lit(runId)).withColumn("run_date", lit(runDate)), schema);
    String tablePath = tablePath(table);
    deletePartition(table);
    rows.write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy("run_date")
        .option("ignoreNullFields", "false")
        .format(sparkFormat())
        .save(tablePath);
    return partitionPath(table);
  }

  /** Reads back this run's partition of a table, with the declared schema (so empty tables read too). */
  public Dataset<Row> read(String table, StructType schema) {
    return readTable(spark, tablePath(table), schema).where(col("run_date").equalTo(runDate));
  }

  /** Reads a whole table of any date, or an empty frame when it does not exist yet. */
  public static Dataset<Row> readTable(SparkSession spark, String tablePath, StructType schema) {
    Dataset<Row> df = Tables.read(spark, tablePath, schema);
    return df == null ? spark.createDataFrame(java.util.List.of(), schema) : df;
  }

  /** Writes a small text file (report, resolved config) under {@code _runs/<run_id>/}. */
  public String writeRunFile(String name, String content) {
    Path p = new Path(runDir(), name);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(p, true)) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
      }
      return p.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + p + ": " + e.getMessage(), e);
    }
  }

  public String tablePath(String table) {
    return new Path(output.path(), table).toString();
  }

  public String partitionPath(String table) {
    return new Path(tablePath(table), "run_date=" + runDate).toString();
  }

  public String runDir() {
    return new Path(new Path(output.path(), "_runs"), runId).toString();
  }

  private void deletePartition(String table) {
    Path p = new Path(partitionPath(table));
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(p)) {
        fs.delete(p, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot replace partition " + p + ": " + e.getMessage(), e);
    }
  }

  private String sparkFormat() {
    return "jsonl".equals(output.format()) ? "json" : "parquet";
  }
}
