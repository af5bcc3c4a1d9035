package org.instructsynth.pipeline.llm;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.instructsynth.llm.LlmResult;

/**
 * Moves a stage's results from its staging folder into the ledger so that the ledger never holds two
 * {@code ok} rows for one request key, whoever else writes it (Spark task retries, a second run of
 * the same or another date at the same time):
 *
 * <ol>
 *   <li>the stage's calls were written to {@code <ledger>/_staging/<id>/} (Spark's readers skip
 *       folders starting with {@code _});
 *   <li>under {@link LedgerLock} the staged ok rows are compared with the ledger's ok keys as they
 *       are now: a key that is already paid for (another writer got there first), or staged twice,
 *       keeps its row with status {@code duplicate_paid}, so its dollars stay in the ledger but it
 *       is never a second ok;
 *   <li>the marked rows are materialised in the staging folder, appended to the ledger, and the
 *       lock is released.
 * </ol>
 */
final class LedgerCommit {
  private LedgerCommit() {}

  static Path stagingRoot(String ledgerPath) {
    return new Path(ledgerPath + "/_staging");
  }

  /** Appends {@code staged} (ledger schema) to the ledger; returns the rows as appended, statuses final. */
  static Dataset<Row> commit(SparkSession spark, LlmStage.Options options, Dataset<Row> staged, Path staging) {
    Path ledger = new Path(options.ledgerPath());
    Path marked = new Path(staging, "commit");
    FileSystem fs = fileSystem(spark, ledger);
    String owner = options.recipe() + " " + options.runDate() + " pid " + ManagementFactory.getRuntimeMXBean().getName();
    try (LedgerLock lock = LedgerLock.acquire(fs, ledger, owner)) {
      Dataset<Row> okKeys = LlmStage.readLedger(spark, options).filter(col("status").equalTo(LlmResult.OK))
          .select(col("request_key")).distinct().withColumn("_paid", lit(true));
      Column ok = col("status").equalTo(LlmResult.OK);
      Column duplicate = ok.and(col("_paid").isNotNull().or(col("_rank").gt(1)));
      Dataset<Row> result = staged
          .withColumn("_rank", row_number().over(Window.partitionBy("request_key").orderBy(when(ok, 0).otherwise(1), col("created_at"))))
          .join(okKeys, staged.col("request_key").equalTo(okKeys.col("request_key")), "left")
          .drop(okKeys.col("request_key"))
          .withColumn("error", when(duplicate, lit("paid twice: the ledger already had an ok row for this key (another writer or "
              + "attempt got there first); kept for its cost, never used as an answer")).otherwise(col("error")))
          .withColumn("status", when(duplicate, lit(LlmResult.DUPLICATE_PAID)).otherwise(col("status")))
          .select(Arrays.stream(Ledger.SCHEMA.fieldNames()).map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
      result.write().mode(SaveMode.Overwrite).format(options.format()).save(marked.toString());
      Dataset<Row> appended = spark.read().schema(Ledger.readSchema()).format(options.format()).load(marked.toString());
      appended.write().mode(SaveMode.Append).partitionBy("run_date").format(options.format()).save(options.ledgerPath());
      return appended;
    }
  }

  /** Deletes a finished stage's staging or journal folder. */
  static void clean(SparkSession spark, Path staging) {
    try {
      fileSystem(spark, staging).delete(staging, true);
    } catch (IOException e) {
      throw new UncheckedIOException("the ledger was written, but its work folder " + staging + " could not be deleted: "
          + e.getMessage() + "; delete it by hand", e);
    }
  }

  static FileSystem fileSystem(SparkSession spark, Path path) {
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + path + ": " + e.getMessage(), e);
    }
  }
}
