package org.instructsynth.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.instructsynth.job.RunResult;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input never crashes a run and is never lost: each bad line is a reject with its line number. */
class MalformedInputTest {
  @TempDir Path dir;

  @Test
  void aSeedFileWithTenPercentCorruptedLinesRunsAndRejectsEachOne() throws Exception {
    List<String> seeds = Files.readAllLines(Path.of("sample-data/seeds.jsonl"));
    assertThat(seeds).hasSizeGreaterThanOrEqualTo(30);
    // Every 10th line (1-based 10, 20, 30) is replaced by a different kind of corruption.
    List<byte[]> corruptions = List.of(
        "{\"id\": \"seed_bad\", \"instruction\": \"Half a rec".getBytes(StandardCharsets.UTF_8),
        "{\"id\": \"s\", \"name\": \"n\", \"instruction\": 7, \"instances\": [], \"is_classification\": false}"
            .getBytes(StandardCharsets.UTF_8),
        new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'});
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    Map<Long, String> corrupted = new TreeMap<>();
    int good = 0;
    int instances = 0;
    for (int i = 0; i < 30; i++) {
      long line = i + 1;
      byte[] bytes;
      if (line % 10 == 0) {
        bytes = corruptions.get((int) (line / 10) - 1);
        corrupted.put(line, new String(bytes, StandardCharsets.UTF_8));
      } else {
        String text = seeds.get(i);
        bytes = ((i == 0 ? "\uFEFF" : "") + text).getBytes(StandardCharsets.UTF_8);
        good++;
        instances += org.instructsynth.core.io.SeedTaskParser.parse(text).instances().size();
      }
      file.write(bytes);
      file.write(line % 3 == 0 ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
    }
    Path seedFile = dir.resolve("seeds.jsonl");
    Files.write(seedFile, file.toByteArray());

    RunResult r = TestJobs.run("conf/curate.yaml", dir.resolve("out"), "input.kind=seed-tasks",
        "input.path=" + seedFile, "run.date=2026-05-01", "filters.enabled=false", "dedup.exact=false",
        "dedup.near=false");

    List<Row> rejects = TestJobs.rejects(dir.resolve("out")).collectAsList();
    Map<Long, String> rejected = rejects.stream().collect(Collectors.toMap(
        row -> row.<Long>getAs("line_number"), row -> row.<String>getAs("reason")));
    assertThat(rejected.keySet()).containsExactlyInAnyOrderElementsOf(corrupted.keySet());
    assertThat(rejected.values()).containsOnly("malformed_input");
    Map<Long, String> details = rejects.stream().collect(Collectors.toMap(
        row -> row.<Long>getAs("line_number"), row -> row.<String>getAs("detail")));
    assertThat(details.get(10L)).startsWith("not valid JSON");
    assertThat(details.get(20L)).isEqualTo("field 'instruction' must be a string, found a number (7)");
    assertThat(details.get(30L)).contains("invalid UTF-8 at byte 7");
    assertThat(rejects).allSatisfy(row -> assertThat(row.<String>getAs("raw")).isNotEmpty());
    // The BOM line, the CRLF lines and every other good line became one example per instance.
    assertThat(r.rows("train") + r.rows("eval")).isEqualTo(instances);
    assertThat(good).isEqualTo(27);
  }

  @Test
  void aLineOverTheByteLimitIsRejectedNotParsed() throws Exception {
    Path f = dir.resolve("big.jsonl");
    String ok = "{\"instruction\": \"Name three colours of the rainbow.\", \"input\": \"\", \"output\": \"Red, green, blue.\"}";
    String huge = "{\"instruction\": \"" + "x".repeat(5000) + "\", \"output\": \"y\"}";
    Files.writeString(f, ok + "\n" + huge + "\n" + ok.replace("three", "four") + "\n");
    RunResult r = TestJobs.run("conf/curate.yaml", dir.resolve("out2"), "input.path=" + f,
        "input.max-record-bytes=1000", "run.date=2026-05-02", "dedup.near=false");
    List<Row> rejects = TestJobs.rejects(dir.resolve("out2")).collectAsList();
    assertThat(rejects).singleElement().satisfies(row -> {
      assertThat(row.<Long>getAs("line_number")).isEqualTo(2L);
      assertThat(row.<String>getAs("detail")).contains("over input.max-record-bytes (1,000)");
      assertThat(row.<String>getAs("raw")).contains("[truncated, ");
    });
    assertThat(r.rows("train") + r.rows("eval")).isEqualTo(2);
  }

  @Test
  void anAlpacaJsonArrayLoadsAndABrokenTailIsRejected() throws Exception {
    Path f = dir.resolve("alpaca.json");
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add("    {\n        \"instruction\": \"Give example number " + i + " of a prime number.\",\n"
          + "        \"input\": \"\",\n        \"output\": \"" + (2 + i) + "\"\n    }");
    }
    Files.writeString(f, "[\n" + String.join(",\n", rows) + ",\n    {\"instruction\": \"broken\n");
    RunResult r = TestJobs.run("conf/curate.yaml", dir.resolve("out3"), "input.path=" + f,
        "run.date=2026-05-03", "filters.enabled=false", "dedup.near=false");
    assertThat(r.rows("train") + r.rows("eval")).isEqualTo(20);
    assertThat(TestJobs.rejects(dir.resolve("out3")).collectAsList()).singleElement()
        .satisfies(row -> {
          assertThat(row.<String>getAs("reason")).isEqualTo("malformed_input");
          // "[" is line 1, each record takes 5 lines (2..101), the broken one starts on line 102.
          assertThat(row.<Long>getAs("line_number")).isEqualTo(102L);
        });
  }
}
