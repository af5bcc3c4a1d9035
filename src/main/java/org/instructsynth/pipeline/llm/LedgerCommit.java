package org.instructsynth.pipeline.llm;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

  /** The error of a {@code duplicate_paid} row. */
  static final String PAID_TWICE = "paid twice: the ledger already had an ok row for this key (another writer or attempt got there "
      + "first); kept for its cost, never used as an answer";

  static Path stagingRoot(String ledgerPath) {
    return new Path(ledgerPath + "/_staging");
  }

  /** Appends {@code staged} (ledger schema) to the ledger; returns the rows as appended, statuses final. */
  static Dataset<Row> commit(SparkSession spark, LlmStage.Options options, Dataset<Row> staged, Path staging) {
    Path ledger = new Path(options.ledgerPath());
    Path marked = new Path(staging, "commit");
    FileSystem fs = fileSystem(spark, ledger);
    try (LedgerLock lock = LedgerLock.acquire(fs, ledger, owner(options))) {
      Dataset<Row> okKeys = LlmStage.readLedger(spark, options).filter(col("status").equalTo(LlmResult.OK))
          .select(col("request_key")).distinct().withColumn("_paid", lit(true));
      Column ok = col("status").equalTo(LlmResult.OK);
      Column duplicate = ok.and(col("_paid").isNotNull().or(col("_rank").gt(1)));
      Dataset<Row> result = staged
          .withColumn("_rank", row_number().over(Window.partitionBy("request_key").orderBy(when(ok, 0).otherwise(1), col("created_at"))))
          .join(okKeys, staged.col("request_key").equalTo(okKeys.col("request_key")), "left")
          .drop(okKeys.col("request_key"))
          .withColumn("error", when(duplicate, lit(PAID_TWICE)).otherwise(col("error")))
          .withColumn("status", when(duplicate, lit(LlmResult.DUPLICATE_PAID)).otherwise(col("status")))
          .select(Ledger.columns());
      result.write().mode(SaveMode.Overwrite).format(options.format()).save(marked.toString());
      Dataset<Row> appended = spark.read().schema(Ledger.readSchema()).format(options.format()).load(marked.toString());
      appended.write().mode(SaveMode.Append).partitionBy("run_date").format(options.format()).save(options.ledgerPath());
      return appended;
    }
  }

  /**
   * Appends the few rows a {@link DriverLlmBatch} called, with the same guarantee as {@link #commit}.
   * The batch looked the ledger up when it held {@code seen} (its data files then); under the lock,
   * only files written since are read for keys another writer paid meanwhile (usually none, and then
   * no Spark job), and the rows are appended as one file written from the driver ({@link LedgerFile}, no
   * Spark job either), which {@code index} then holds.
   *
   * @param appended the rows as appended, statuses final
   * @param paidElsewhere the ok rows another writer appended since {@code seen} for keys of these rows
   */
  record DriverCommit(List<Row> appended, List<Row> paidElsewhere) {}

  static DriverCommit commitDriverRows(SparkSession spark, LlmStage.Options options, List<Row> rows, Set<String> seen, LedgerKeys index) {
    Path ledger = new Path(options.ledgerPath());
    FileSystem fs = fileSystem(spark, ledger);
    try (LedgerLock lock = LedgerLock.acquire(fs, ledger, owner(options))) {
      List<String> written = dataFiles(fs, ledger).stream().filter(f -> !seen.contains(f)).toList();
      Set<String> paid = new HashSet<>();
      List<Row> elsewhere = List.of();
      if (!written.isEmpty()) {
        Object[] keys = rows.stream().map(r -> r.getAs("request_key")).distinct().toArray();
        elsewhere = LlmStage.readLedgerFiles(spark, options, written)
            .filter(col("status").equalTo(LlmResult.OK).and(col("request_key").isin(keys)))
            .select(Ledger.columns()).collectAsList();
        elsewhere.forEach(r -> paid.add(r.getAs("request_key")));
      }
      List<Row> marked = new ArrayList<>(rows.size());
      for (Row r : rows) {
        String key = r.getAs("request_key");
        boolean duplicate = LlmResult.OK.equals(r.getAs("status")) && !paid.add(key);
        marked.add(duplicate ? duplicatePaid(r) : r);
      }
      String file = LedgerFile.write(fs, spark.sparkContext().hadoopConfiguration(), ledger, options.format(), options.runDate(), marked);
      index.wrote(file, marked.stream().map(r -> r.<String>getAs("request_key")).toList());
      return new DriverCommit(marked, elsewhere);
    }
  }

  private static Row duplicatePaid(Row r) {
    Object[] values = new Object[r.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = r.get(i);
    }
    values[Ledger.SCHEMA.fieldIndex("status")] = LlmResult.DUPLICATE_PAID;
    values[Ledger.SCHEMA.fieldIndex("error")] = PAID_TWICE;
    return Ledger.of(values);
  }

  /**
   * The ledger's data files now (paths as strings), skipping what Spark's readers skip: names
   * starting with {@code _} or {@code .} (the lock, staging, journal, checksums, markers).
   */
  static Set<String> dataFiles(FileSystem fs, Path ledger) {
    Set<String> files = new HashSet<>();
    try {
      if (fs.exists(ledger)) {
        addDataFiles(fs, ledger, files);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the LLM ledger at " + ledger + ": " + e.getMessage(), e);
    }
    return files;
  }

  private static void addDataFiles(FileSystem fs, Path dir, Set<String> files) throws IOException {
    for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(dir)) {
      String name = f.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      if (f.isDirectory()) {
        addDataFiles(fs, f.getPath(), files);
      } else {
        files.add(f.getPath().toString());
      }
    }
  }

  /** Who holds the ledger lock, as its file says. */
  private static String owner(LlmStage.Options options) {
    return options.recipe() + " " + options.runDate() + " pid " + ManagementFactory.getRuntimeMXBean().getName();
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
