package org.instructsynth.pipeline.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.core.dedup.DedupDecision;
import org.instructsynth.core.dedup.DedupRecord;
import org.instructsynth.core.dedup.DedupSettings;
import org.instructsynth.core.dedup.NearDuplicates;
import org.instructsynth.core.dedup.SequentialDedup;
import org.instructsynth.core.text.TokenInterner;
import org.instructsynth.core.text.Tokenizer;
import org.instructsynth.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RougeDedupTest {
  private static final StructType INPUT =
      new StructType()
          .add("id", DataTypes.StringType)
          .add("ord", DataTypes.LongType)
          .add("text", DataTypes.StringType)
          .add("is_reference", DataTypes.BooleanType);

  /** Expected output row, as a string for readable diffs. */
  private static String expectedRow(DedupDecision d) {
    String cluster = d.kept() ? d.id() : d.dupOf();
    return String.join(
        "|",
        d.id(),
        String.valueOf(d.kept()),
        String.valueOf(d.dupOf()),
        String.valueOf(d.dupScore()),
        String.valueOf(d.rougeLMax()),
        String.valueOf(d.nearestId()),
        cluster);
  }

  private static String actualRow(Row r) {
    return String.join(
        "|",
        r.getString(0),
        String.valueOf(r.getBoolean(1)),
        String.valueOf(r.isNullAt(2) ? null : r.getString(2)),
        String.valueOf(r.isNullAt(3) ? null : r.getDouble(3)),
        String.valueOf(r.isNullAt(4) ? null : r.getDouble(4)),
        String.valueOf(r.isNullAt(5) ? null : r.getString(5)),
        r.getString(6));
  }

  /** Runs both sides: texts in processing order, the first {@code references} are references. */
  private static void assertMatchesBruteForce(
      List<String> texts, int references, DedupSettings settings, long seed) {
    SparkSession spark = SparkTestSession.get();
    Tokenizer tokenizer = settings.tokenizerInstance();
    TokenInterner interner = new TokenInterner();
    List<DedupRecord> records = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      String id = "r" + i;
      records.add(new DedupRecord(id, interner.ids(tokenizer.tokenize(texts.get(i))), i < references));
      rows.add(RowFactory.create(id, 1000L + 3L * i, texts.get(i), i < references));
    }
    Collections.shuffle(rows, new Random(seed));
    TreeMap<String, String> expected = new TreeMap<>();
    for (DedupDecision d :
        SequentialDedup.bruteForce(records, settings.threshold(), settings.similarityFloor())) {
      if (!d.id().startsWith("r") || Integer.parseInt(d.id().substring(1)) >= references) {
        expected.put(d.id(), expectedRow(d));
      }
    }
    if (texts.size() > 100 && settings.similarityFloor() < settings.threshold()) {
      assertThat(expected.values()).filteredOn(v -> v.contains("|false|")).hasSizeGreaterThan(30);
      assertThat(expected.values()).filteredOn(v -> v.contains("|true|null|null|0.")).isNotEmpty();
    }
    Dataset<Row> out = RougeDedup.run(spark, spark.createDataFrame(rows, INPUT), settings);
    assertThat(out.schema()).isEqualTo(RougeDedup.RESULT_SCHEMA);
    TreeMap<String, String> actual = new TreeMap<>();
    for (Row r : out.collectAsList()) {
      assertThat(actual.put(r.getString(0), actualRow(r))).as("duplicate id %s", r.getString(0)).isNull();
    }
    assertThat(actual).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13})
  void prefixFilterEqualsInMemoryBruteForce(long seed) {
    List<String> texts = NearDuplicates.generate(seed, 400);
    assertMatchesBruteForce(texts, 10, DedupSettings.defaults(), seed);
  }

  @Test
  void splitBlocksAndOtherThresholdsEqualBruteForce() {
    List<String> texts = NearDuplicates.generate(21, 300);
    assertMatchesBruteForce(texts, 5, DedupSettings.defaults().withMaxGroupSize(7), 21);
    assertMatchesBruteForce(
        texts, 0, DedupSettings.defaults().withThresholds(0.7, 0.7).withMaxGroupSize(3), 22);
    assertMatchesBruteForce(texts, 5, DedupSettings.defaults().withThresholds(0.5, 0.3), 23);
  }

  @Test
  void bruteForceMethodEqualsInMemoryBruteForce() {
    List<String> texts = NearDuplicates.generate(31, 250);
    assertMatchesBruteForce(
        texts, 4, DedupSettings.defaults().withMethod(DedupSettings.BRUTE_FORCE).withMaxGroupSize(40), 31);
  }

  @Test
  void tiesAtSevenTenthsAndIdenticalCopies() {
    List<String> texts =
        List.of(
            "please give me three short tips for staying very healthy and happy today",
            "give three tips for staying healthy today", // 0.7000000000000001: dropped
            "a0 a1 a2 a3 a4 a5 a6 x1 x2 x3",
            "a0 a1 a2 a3 a4 a5 a6 y1 y2 y3", // F = 0.7 exactly: kept
            "a0 a1 a2 a3 a4 a5 a6 z1 z2 z3", // 0.7 against both: kept, nearest the earliest
            "same words here",
            "Same words, here!",
            "same words here",
            "",
            "?!");
    assertMatchesBruteForce(texts, 0, DedupSettings.defaults(), 41);
  }

  @Test
  void referencesAreNeverDroppedAndDropLaterRows() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows =
        List.of(
            RowFactory.create("seed-1", 0L, "Write a poem about the sea.", true),
            RowFactory.create("seed-2", 1L, "Write a poem about the sea!", true),
            RowFactory.create("gen-1", 2L, "write a poem about the sea", false),
            RowFactory.create("gen-2", 3L, "Explain why the sky is blue.", false));
    List<Row> out =
        RougeDedup.run(spark, spark.createDataFrame(rows, INPUT), DedupSettings.defaults())
            .orderBy("id")
            .collectAsList();
    assertThat(out).extracting(r -> r.getString(0)).containsExactly("gen-1", "gen-2");
    assertThat(actualRow(out.get(0))).isEqualTo("gen-1|false|seed-1|1.0|1.0|seed-1|seed-1");
    assertThat(actualRow(out.get(1))).isEqualTo("gen-2|true|null|null|null|null|gen-2");
  }

  @Test
  void chineseNearDuplicatesNeedTheUnicodeTokenizer() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows =
        List.of(
            RowFactory.create("a", 0L, "请写一首关于大海的诗。", false),
            RowFactory.create("b", 1L, "请写一首关于大海的短诗", false),
            RowFactory.create("c", 2L, "解释为什么天空是蓝色的", false));
    Dataset<Row> input = spark.createDataFrame(rows, INPUT);
    // 10 and 11 characters, LCS 10: p = 10/10, r = 10/11.
    double p = 10.0 / 10;
    double r = 10.0 / 11;
    double f = 2 * p * r / (p + r);
    List<Row> unicode =
        RougeDedup.run(spark, input, DedupSettings.defaults().withTokenizer("unicode"))
            .orderBy("id")
            .collectAsList();
    assertThat(actualRow(unicode.get(1))).isEqualTo("b|false|a|" + f + "|" + f + "|a|a");
    assertThat(unicode.get(2).getBoolean(1)).isTrue();
    List<Row> rougeScore =
        RougeDedup.run(spark, input, DedupSettings.defaults()).orderBy("id").collectAsList();
    assertThat(rougeScore).allSatisfy(row -> assertThat(row.getBoolean(1)).isTrue());
  }
}
