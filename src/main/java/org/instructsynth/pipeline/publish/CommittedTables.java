package org.instructsynth.pipeline.publish;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the committed state of an output, the way every reader in this project does (sql.sh, the
 * report, the night comparison, earlier-night reference sets): parquet/jsonl dates resolve to the
 * version folder their newest commit record names; iceberg/delta tables are pinned to the snapshot id
 * / version the newest record names. Nothing a crashed or running publish wrote is ever read.
 */
public final class CommittedTables {
  private CommittedTables() {}

  /** Every record of the output (oldest first); empty when nothing was ever committed. */
  public static List<CommitRecord> records(SparkSession spark, String outputPath) {
    return new CommitLog(spark.sparkContext().hadoopConfiguration(), outputPath).all();
  }

  /** {@code table} as committed now; null when no commit names it. */
  public static Dataset<Row> read(SparkSession spark, String outputPath, String table, StructType schema) {
    return read(spark, outputPath, table, schema, Long.MAX_VALUE);
  }

  /** {@code table} as it was right after commit {@code asOf} (time travel); null when no commit names it. */
  public static Dataset<Row> read(SparkSession spark, String outputPath, String table, StructType schema, long asOf) {
    return read(spark, outputPath, table, schema, records(spark, outputPath), asOf);
  }

  /**
   * {@code table} as {@code records} name it as of {@code asOf}: the committed ones, or with a prepared
   * record not yet written ({@link Publisher#recordsWithPending}) to read a night before it is published.
   */
  public static Dataset<Row> read(SparkSession spark, String outputPath, String table, StructType schema,
      List<CommitRecord> records, long asOf) {
    CommitRecord last = CommitLog.latest(records, asOf);
    if (last == null) {
      return null;
    }
    Path root = new Path(outputPath);
    Dataset<Row> df = switch (last.format()) {
      case "iceberg", "delta" -> pinned(spark, root, last, table);
      default -> files(spark, root, records, asOf, table, schema, last.format());
    };
    if (df == null) {
      return null;
    }
    List<Column> cols = new ArrayList<>();
    for (String f : schema.fieldNames()) {
      cols.add(col(f));
    }
    return df.select(cols.toArray(Column[]::new));
  }

  private static Dataset<Row> pinned(SparkSession spark, Path root, CommitRecord last, String table) {
    CommitRecord.TableCommit t = last.tables().get(table);
    if (t == null) {
      return null;
    }
    if ("iceberg".equals(last.format())) {
      // a catalog table's location is its identifier; a Hadoop-catalog table's is its name under the output
      String id = t.location().contains(".") ? t.location() : IcebergStore.hadoopIdentifier(spark, root, t.location());
      return spark.read().format("iceberg").option("versionAsOf", t.version()).load(id);
    }
    return spark.read().format("delta").option("versionAsOf", t.version()).load(new Path(root, t.location()).toString());
  }

  private static Dataset<Row> files(SparkSession spark, Path root, List<CommitRecord> records, long asOf,
      String table, StructType schema, String format) {
    List<String> paths = new ArrayList<>();
    for (CommitRecord r : CommitLog.latestPerDate(records, asOf).values()) {
      CommitRecord.TableCommit t = r.tables().get(table);
      if (t != null) {
        paths.add(new Path(root, t.location()).toString());
      }
    }
    if (paths.isEmpty()) {
      return null;
    }
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (String p : paths) {
        if (!fs.exists(new Path(p))) {
          throw new IllegalArgumentException("the commit records name " + p + " but it is gone (a date keeps "
              + "output.keep-versions versions); read a newer commit or raise output.keep-versions");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read table " + table + " under " + root + ": " + e.getMessage(), e);
    }
    return spark.read().schema(schema).format(FileStore.sparkFormat(format))
        .option("basePath", new Path(root, table).toString())
        .load(paths.toArray(String[]::new));
  }
}
