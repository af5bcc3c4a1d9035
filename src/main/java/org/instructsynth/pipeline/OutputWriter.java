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
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.config.OutputConfig;
import org.instructsynth.pipeline.publish.CommitRecord;
import org.instructsynth.pipeline.publish.CommittedTables;
import org.instructsynth.pipeline.publish.PublishHook;
import org.instructsynth.pipeline.publish.Publisher;

/**
 * Writes a night's tables through the {@link Publisher} (docs/outputs.md): {@link #write} stages
 * each table, {@link #commit} makes them visible together in one commit record, and every read goes
 * through {@link CommittedTables}, so readers see a date all old or all new, never a mix.
 */
public final class OutputWriter {
  private final SparkSession spark;
  private final OutputConfig output;
  private final String runId;
  private final String runDate;
  private final Publisher publisher;
  private CommitRecord committed;

  public OutputWriter(SparkSession spark, OutputConfig output, String runId, String runDate) {
    this(spark, output, runId, runDate, PublishHook.NONE);
  }

  /** With a {@link PublishHook} called after every publish step (the fault-injection tests use it). */
  public OutputWriter(SparkSession spark, OutputConfig output, String runId, String runDate, PublishHook hook) {
    this.spark = spark;
    this.output = output;
    this.runId = runId;
    this.runDate = runDate;
    this.publisher = new Publisher(spark, output, runId, runDate, hook);
  }

  /** Stages {@code df} (conformed to {@code schema}, run columns filled) as {@code table}; returns the table's location. */
  public String write(String table, Dataset<Row> df, StructType schema) {
    Dataset<Row> rows =
        Columns.conform(df.withColumn("run_id", lit(runId)).withColumn("run_date", lit(runDate)), schema);
    publisher.stage(table, rows, schema);
    return tablePath(table);
  }

  /** Publishes every table written so far in one commit record (the night becomes visible), without exports. */
  public CommitRecord commit() {
    committed = publisher.commit();
    return committed;
  }

  /**
   * Readies the night's tables for its commit record without publishing them ({@link Publisher#prepare});
   * from now on {@link #read} and {@link #readAllDates} show the night as it will be published.
   */
  public void prepare() {
    publisher.prepare();
  }

  /**
   * Publishes the prepared night: one commit record naming the tables and {@code exportPaths} (relative to
   * {@code <output>/exports}, written under {@link #exportsStagingRoot()}), which it then moves into place.
   */
  public CommitRecord publish(java.util.List<String> exportPaths) {
    committed = publisher.publish(exportPaths);
    return committed;
  }

  /** Where this run writes its exports and card; they become visible with the commit ({@link #publish}). */
  public String exportsStagingRoot() {
    return publisher.exportsStagingRoot();
  }

  /** The published {@code <output>/exports} folder. */
  public String exportsRoot() {
    return publisher.exportsRoot();
  }

  /** Milliseconds spent writing tables (staging); the rest of {@link #commit} is the publish overhead. */
  public long stagingMs() {
    return publisher.stagingMs();
  }

  /**
   * Reads this date of a table as committed, or after {@link #prepare} as it will be published, with the
   * declared schema (empty when the table has no rows).
   */
  public Dataset<Row> read(String table, StructType schema) {
    return readAllDates(table, schema).where(col("run_date").equalTo(runDate));
  }

  /** Every date of a table as committed, or after {@link #prepare} with this night as it will be published. */
  public Dataset<Row> readAllDates(String table, StructType schema) {
    Dataset<Row> df = CommittedTables.read(spark, output.path(), table, schema, publisher.recordsWithPending(),
        Long.MAX_VALUE);
    return df == null ? spark.createDataFrame(java.util.List.of(), schema) : df;
  }

  /**
   * Reads the committed rows of a table, every date ({@code tablePath} is {@code <output.path>/<table>}),
   * or an empty frame when no commit names it.
   */
  public static Dataset<Row> readTable(SparkSession spark, String tablePath, StructType schema) {
    Dataset<Row> df = Tables.read(spark, tablePath, schema);
    return df == null ? spark.createDataFrame(java.util.List.of(), schema) : df;
  }

  /** Points {@code _runs/latest} at the report just written (after the commit). */
  public void pointLatest(String reportPath) {
    publisher.log().pointLatest(reportPath);
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

  public String runDir() {
    return new Path(new Path(output.path(), "_runs"), runId).toString();
  }
}
