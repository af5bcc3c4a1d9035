package org.instructsynth.pipeline.publish;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * How one output format stores a night's tables. {@link Publisher} calls {@link #clean}, {@link
 * #stage} per table, {@link #commit} and writes the commit record; {@link CommittedTables} reads.
 */
interface TableStore {
  /** Removes what a crashed run left (staging, versions no commit record names). */
  void clean(List<CommitRecord> records);

  /** Writes one table's rows of the date (parquet/jsonl: to staging; iceberg/delta: commits the table). */
  void stage(String table, Dataset<Row> rows, StructType schema, PublishHook hook);

  /** Makes the staged tables ready to be named by commit record {@code seq}; returns what the record lists. */
  Map<String, CommitRecord.TableCommit> commit(long seq, PublishHook hook);

  static String schemaHash(StructType schema) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(schema.json().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
