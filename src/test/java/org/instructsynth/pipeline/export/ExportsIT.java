package org.instructsynth.pipeline.export;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.core.export.ExportFormat;
import org.instructsynth.core.io.Json;
import org.instructsynth.job.RunResult;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.OutputWriter;
import org.instructsynth.testing.ExportSchemas;
import org.instructsynth.testing.SparkTestSession;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conf/distill-compare.yaml} (three models and a judge, SIMULATED endpoint) with every export format: each line is valid
 * against its format's JSON Schema, each split has as many lines as its table has rows (comparisons:
 * as many as have an example in that split), and the card's data files exist. A rerun of the date in
 * single-file mode replaces the part files.
 */
class ExportsIT {
  private static final String DATE = "2026-05-01";
  private static final String ALL = "export.formats=[messages, prompt-completion, alpaca, sharegpt, dpo, openai-preference]";
  @TempDir Path out;
  @TempDir Path in;

  @Test
  void everyFormatMatchesItsSchemaAndTheTables() throws Exception {
    // 40 sample lines: every format and split shows on them (the whole sample took 3x the time).
    String input = "input.path=" + TestJobs.sampleLines(in.resolve("in.jsonl"), 0, 40);
    RunResult run = TestJobs.run("conf/distill-compare.yaml", out, "run.date=" + DATE, input, ALL);
    Path exports = out.resolve("exports");
    Map<String, Long> tableRows = exampleRows();
    Map<String, Long> pairRows = pairRowsBySplit();
    long comparisons = comparisons().count();
    assertThat(comparisons).isPositive();
    assertThat(pairRows.values().stream().mapToLong(Long::longValue).sum()).as("every comparison counted once")
        .isEqualTo(comparisons);

    checkAll(exports, false, tableRows, pairRows);
    assertThat(run.report().path("exports").path("unmatched_comparisons").asLong()).isEqualTo(pairRows.getOrDefault(null, 0L));

    // The user turn is Alpaca's prompt as the teacher got it (distill's default).
    String first = lines(exports.resolve("messages/run_date=" + DATE), "train", false).get(0);
    JsonNode m = Json.MAPPER.readTree(first).path("messages");
    assertThat(m.get(0).path("role").asText()).isEqualTo("user");
    assertThat(m.get(0).path("content").asText()).startsWith("The request below describes a task");

    JsonNode card = checkCard(exports.resolve("README.md"), exports);
    assertThat(card.path("configs")).hasSize(ExportFormat.values().length);
    assertThat(Files.readString(exports.resolve("_cards/run_date=" + DATE + "/README.md")))
        .isEqualTo(Files.readString(exports.resolve("README.md")));

    // Rerun of the date, one file per split: the part folders are replaced, counts stay, no call is paid.
    RunResult again = TestJobs.run("conf/distill-compare.yaml", out, "run.date=" + DATE, input, ALL, "export.single-file=true");
    assertThat(again.report().path("llm").path("calls").asLong()).isZero();
    assertThat(exports.resolve("messages/run_date=" + DATE + "/train")).doesNotExist();
    checkAll(exports, true, tableRows, pairRows);
    checkCard(exports.resolve("README.md"), exports);

    // An earlier date does not take over the root card, and gets its own.
    TestJobs.run("conf/distill-compare.yaml", out, "run.date=2026-04-30", input, "export.formats=[messages]", "export.single-file=true");
    assertThat(exports.resolve("_cards/run_date=2026-04-30/README.md")).exists();
    assertThat(Files.readString(exports.resolve("README.md"))).contains("run date " + DATE);
    assertThat(exports.resolve("dpo/run_date=2026-04-30")).doesNotExist();
  }

  private void checkAll(Path exports, boolean single, Map<String, Long> tableRows, Map<String, Long> pairRows)
      throws IOException {
    for (ExportFormat f : ExportFormat.values()) {
      Path dir = exports.resolve(f.id()).resolve("run_date=" + DATE);
      for (String split : Exporter.SPLITS) {
        long expected = (f.preference() ? pairRows : tableRows).getOrDefault(split, 0L);
        List<String> lines = lines(dir, split, single);
        assertThat((long) lines.size()).as(f.id() + "/" + split).isEqualTo(expected);
        for (String line : lines) {
          assertThat(ExportSchemas.problems(f.id(), line)).as(f.id() + "/" + split + ": " + line).isEmpty();
        }
      }
      try (Stream<Path> files = Files.walk(dir)) {
        assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
            .filter(n -> !n.endsWith(".jsonl")).toList()).as("only JSON Lines in " + dir).isEmpty();
      }
    }
  }

  /** The card's front matter; every data file pattern matches at least one file. */
  private static JsonNode checkCard(Path readme, Path exports) throws IOException {
    String text = Files.readString(readme);
    JsonNode fm = new ObjectMapper(new YAMLFactory()).readTree(text.substring(4, text.indexOf("\n---\n", 4) + 1));
    assertThat(fm.path("license").asText()).isEqualTo("other");
    assertThat(fm.path("language").get(0).asText()).isEqualTo("en");
    for (JsonNode c : fm.path("configs")) {
      for (JsonNode df : c.path("data_files")) {
        String path = df.path("path").asText();
        Path p = exports.resolve(path.replace("/*.jsonl", ""));
        assertThat(p).as(path).exists();
      }
    }
    assertThat(text).contains("https://arxiv.org/abs/2304.03277").contains("prompts/distill-teacher-input.txt")
        .contains("SIMULATED").contains("## Funnel");
    return fm;
  }

  private static List<String> lines(Path dir, String split, boolean single) throws IOException {
    List<String> out = new ArrayList<>();
    if (single) {
      Path f = dir.resolve(split + ".jsonl");
      if (Files.exists(f)) {
        out.addAll(Files.readAllLines(f));
      }
      return out;
    }
    Path d = dir.resolve(split);
    if (!Files.isDirectory(d)) {
      return out;
    }
    try (Stream<Path> parts = Files.list(d)) {
      for (Path p : parts.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
        out.addAll(Files.readAllLines(p));
      }
    }
    return out;
  }

  private Map<String, Long> exampleRows() {
    Map<String, Long> rows = new HashMap<>();
    for (String s : Exporter.SPLITS) {
      rows.put(s, TestJobs.examples(out, s).where(col("run_date").equalTo(DATE)).count());
    }
    return rows;
  }

  private Dataset<Row> comparisons() {
    return OutputWriter.readTable(SparkTestSession.get(), out.resolve("comparisons").toString(), Columns.COMPARISON)
        .where(col("run_date").equalTo(DATE));
  }

  /** Comparisons per split of the example with the same instruction and input, from the written tables; null: none. */
  private Map<String, Long> pairRowsBySplit() {
    Dataset<Row> ex = null;
    for (String s : Exporter.SPLITS) {
      Dataset<Row> d = TestJobs.examples(out, s).where(col("run_date").equalTo(DATE));
      ex = ex == null ? d : ex.unionByName(d);
    }
    Dataset<Row> sides = ex.select(coalesce(col("instruction"), lit("")).as("i"), coalesce(col("input"), lit("")).as("n"),
        col("split")).distinct();
    Dataset<Row> c = comparisons().select(coalesce(col("instruction"), lit("")).as("i"), coalesce(col("input"), lit("")).as("n"));
    Map<String, Long> out = new HashMap<>();
    for (Row r : c.join(sides, List.of("i", "n").toArray(String[]::new), "left").groupBy("split").count().collectAsList()) {
      out.put(r.isNullAt(0) ? null : r.getString(0), r.getLong(1));
    }
    return out;
  }
}
