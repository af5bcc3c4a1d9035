package org.instructsynth.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.pipeline.llm.Ledger;
import org.instructsynth.pipeline.publish.CommittedTables;

/**
 * Every table of the output layout with its schema: the contract downstream readers rely on. The
 * schemas are also checked in under {@code conf/schemas/<table>.json}, and a test fails when the two
 * differ, so a schema change is always a visible, reviewed change.
 */
public final class Tables {
  private Tables() {}

  /** Table name to schema, in the order docs/tables.md documents them. */
  public static Map<String, StructType> all() {
    Map<String, StructType> t = new LinkedHashMap<>();
    t.put("train", Columns.EXAMPLE);
    t.put("eval", Columns.EXAMPLE);
    t.put("eval_unseen", Columns.EXAMPLE);
    t.put("rejects", Columns.REJECT);
    t.put("comparisons", Columns.COMPARISON);
    t.put(Ledger.DIR, Ledger.readSchema());
    return t;
  }

  /**
   * The committed rows of {@code <output>/<table>} (every date, as the newest commit records name them,
   * see docs/outputs.md) with its declared schema; null when no commit names the table. Dates a
   * crashed or running publish wrote are never returned.
   */
  public static Dataset<Row> read(SparkSession spark, String tableDir, StructType schema) {
    Path p = new Path(tableDir);
    return read(spark, p.getParent().toString(), p.getName(), schema);
  }

  /** {@link #read(SparkSession, String, StructType)} by output path and table name. */
  public static Dataset<Row> read(SparkSession spark, String outputPath, String table, StructType schema) {
    return CommittedTables.read(spark, outputPath, table, schema);
  }

  /**
   * Reads a directory of Parquet or JSON Lines files as it is, outside the publish protocol: for the
   * append-only {@code llm_calls} ledger and for inputs that are not this project's output tables.
   * Null when the directory does not exist.
   */
  public static Dataset<Row> readFiles(SparkSession spark, String dir, StructType schema) {
    String format = formatOf(spark, dir);
    return format == null ? null : spark.read().schema(schema).format(format).load(dir);
  }

  /**
   * {@code json} when the directory holds JSON files, {@code parquet} otherwise (also for an empty
   * directory), null when it does not exist.
   */
  public static String formatOf(SparkSession spark, String dir) {
    Path p = new Path(dir);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        return null;
      }
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(p, true);
      while (it.hasNext()) {
        FileStatus f = it.next();
        String name = f.getPath().getName();
        if (name.endsWith(".json")) {
          return "json";
        }
        if (name.endsWith(".parquet")) {
          return "parquet";
        }
      }
      return "parquet";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read table " + dir + ": " + e.getMessage(), e);
    }
  }
}
