package org.instructsynth.pipeline.llm;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.instructsynth.llm.LlmResult;
import org.instructsynth.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger rules the driver applies to a small batch are the ones Spark applies to the whole ledger:
 * the same latest row and the same done keys on mixed histories; a file the driver writes reads back
 * through Spark as the row it was; the key index never misses a key that is in the ledger.
 */
class LedgerOrderTest {
  private static final String[] STATUSES = {LlmResult.OK, LlmResult.FAILED, LlmResult.FAILED_PERMANENT, LlmResult.CONTEXT_LENGTH,
      LlmResult.SKIPPED_BUDGET, LlmResult.DUPLICATE_PAID};

  private static Row row(String key, String status, long second, String response) {
    return Ledger.of(key, "r", "s", "m", "{}", response, "stop", 3L, 4L, 5L, 1, status, status.equals(LlmResult.OK) ? 200 : 500,
        status.equals(LlmResult.OK) ? null : "e", 0.25, Timestamp.from(Instant.ofEpochSecond(1_800_000_000L + second)), "2026-01-01", 0L);
  }

  /** Every history of one to three rows over the statuses, with distinct times in both orders. */
  private static List<Row> histories() {
    List<Row> rows = new ArrayList<>();
    int k = 0;
    for (String a : STATUSES) {
      rows.add(row("k" + k++, a, 1, "only"));
      for (String b : STATUSES) {
        rows.add(row("k" + k, a, 1, "first"));
        rows.add(row("k" + k++, b, 2, "second"));
        for (String c : new String[] {LlmResult.OK, LlmResult.FAILED}) {
          rows.add(row("k" + k, c, 3, "third"));
          rows.add(row("k" + k, a, 1, "first"));
          rows.add(row("k" + k++, b, 2, "second"));
        }
      }
    }
    return rows;
  }

  @Test
  void theDriverAndSparkPickTheSameLatestRowsAndDoneKeys() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = histories();
    Dataset<Row> ledger = spark.createDataFrame(rows, Ledger.SCHEMA);
    Map<String, String> sparkLatest = new TreeMap<>();
    for (Row r : ledger.withColumn("_rank", row_number().over(Window.partitionBy("request_key").orderBy(LedgerOrder.SPARK_ORDER)))
        .filter(col("_rank").equalTo(1)).collectAsList()) {
      sparkLatest.put(r.getAs("request_key"), r.getAs("status") + "/" + r.getAs("response"));
    }
    Map<String, List<Row>> byKey = rows.stream().collect(Collectors.groupingBy(r -> r.getAs("request_key")));
    Map<String, String> javaLatest = new TreeMap<>();
    byKey.forEach((key, history) -> {
      Row latest = LedgerOrder.latest(history);
      javaLatest.put(key, latest.getAs("status") + "/" + latest.getAs("response"));
    });
    assertThat(javaLatest).hasSize(STATUSES.length * (1 + 3 * STATUSES.length)).isEqualTo(sparkLatest);

    for (boolean retryFailed : new boolean[] {false, true}) {
      Set<String> sparkDone = doneBySpark(ledger, retryFailed);
      Set<String> javaDone = byKey.entrySet().stream().filter(e -> LedgerOrder.done(e.getValue(), retryFailed)).map(Map.Entry::getKey)
          .collect(Collectors.toSet());
      assertThat(javaDone).as("retryFailed " + retryFailed).isNotEmpty().isEqualTo(sparkDone);
    }
  }

  /** LlmStage.doneKeys over a frame (it reads the ledger from disk; the rule is the same window). */
  private static Set<String> doneBySpark(Dataset<Row> ledger, boolean retryFailed) {
    Dataset<Row> done = retryFailed ? ledger.filter(col("status").equalTo(LlmResult.OK)).select("request_key").distinct()
        : ledger.filter(col("status").notEqual(LlmResult.DUPLICATE_PAID))
            .withColumn("_rank", row_number().over(Window.partitionBy("request_key").orderBy(LedgerOrder.SPARK_ORDER)))
            .filter(col("_rank").equalTo(1).and(col("status").isin(LlmResult.TERMINAL.toArray()))).select("request_key");
    return done.collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
  }

  @Test
  void aFileTheDriverWritesReadsBackThroughSparkAsItsRows(@TempDir Path out) throws Exception {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = List.of(row("a", LlmResult.OK, 1, "ünïcode \"quoted\"\nline"), row("b", LlmResult.FAILED_PERMANENT, 2, null),
        Ledger.of("c", null, null, null, null, null, null, 0L, 0L, 0L, 0, LlmResult.SKIPPED_BUDGET, null, null, null,
            Timestamp.from(Instant.ofEpochSecond(1_800_000_003L, 123_000_000L)), "2026-01-01", null));
    for (String format : List.of("parquet", "json")) {
      org.apache.hadoop.fs.Path ledger = new org.apache.hadoop.fs.Path(out.resolve(format + "/llm_calls").toUri());
      FileSystem fs = ledger.getFileSystem(spark.sparkContext().hadoopConfiguration());
      String file = LedgerFile.write(fs, spark.sparkContext().hadoopConfiguration(), ledger, format, "2026-01-01", rows);
      assertThat(LedgerCommit.dataFiles(fs, ledger)).containsExactly(file);
      List<Row> back = spark.read().schema(Ledger.readSchema()).format(format).load(ledger.toString()).select(Ledger.columns())
          .orderBy("request_key").collectAsList();
      assertThat(back).hasSize(3);
      for (int i = 0; i < rows.size(); i++) {
        for (String c : Ledger.SCHEMA.fieldNames()) {
          Object expected = rows.get(i).getAs(c);
          if (format.equals("json") && c.equals("cached_tokens") && expected == null) {
            continue; // left out as null, as Spark writes it
          }
          assertThat((Object) back.get(i).getAs(c)).as(format + " " + c + " of row " + i).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void theKeyIndexKnowsEveryKeyOfTheLedgerAndFindsOtherWritersFiles(@TempDir Path out) {
    SparkSession spark = SparkTestSession.get();
    org.apache.hadoop.fs.Path ledger = new org.apache.hadoop.fs.Path(out.resolve("llm_calls").toUri());
    FileSystem fs = LedgerCommit.fileSystem(spark, ledger);
    LlmStage.Options options = new LlmStage.Options(LlmStageTest.settings(501), out.toString(), "2026-01-01", "x", "parquet");
    // another process's rows, written by Spark
    spark.createDataFrame(List.of(row("old-1", LlmResult.OK, 1, "x"), row("old-2", LlmResult.FAILED, 1, null)), Ledger.SCHEMA)
        .write().partitionBy("run_date").parquet(ledger.toString());
    LedgerKeys index = LedgerKeys.of(fs.makeQualified(ledger).toString());
    index.refresh(spark, options, LedgerCommit.dataFiles(fs, ledger));
    assertThat(index.mayContain("old-1")).isTrue();
    assertThat(index.mayContain("old-2")).isTrue();
    assertThat(index.mayContain("new-1")).isFalse();
    String mine = LedgerFile.write(fs, spark.sparkContext().hadoopConfiguration(), ledger, "parquet", "2026-01-01",
        List.of(row("new-1", LlmResult.OK, 2, "y")));
    index.wrote(mine, List.of("new-1"));
    assertThat(index.mayContain("new-1")).isTrue();
    // a file another writer appends later is read at the next refresh, and only it
    LedgerFile.write(fs, spark.sparkContext().hadoopConfiguration(), ledger, "parquet", "2026-01-02", List.of(row("late", LlmResult.OK, 3, "z")));
    assertThat(index.mayContain("late")).isFalse();
    index.refresh(spark, options, LedgerCommit.dataFiles(fs, ledger));
    assertThat(index.mayContain("late")).isTrue();
    Map<String, Boolean> none = new HashMap<>();
    for (int i = 0; i < 1000; i++) {
      none.put("absent-" + i, index.mayContain("absent-" + i));
    }
    assertThat(none.values()).containsOnly(false);
  }
}
