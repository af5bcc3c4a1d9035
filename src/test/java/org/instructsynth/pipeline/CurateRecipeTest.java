package org.instructsynth.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.instructsynth.job.RunResult;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The curate recipe on sample-data/instructions.jsonl, checked against the planted problems listed in
 * sample-data/expected/instructions_problems.json (written with the data, independently of the code).
 */
class CurateRecipeTest {
  @TempDir Path out;

  @Test
  void everyPlantedProblemIsRejectedWithItsReasonAndLine() throws Exception {
    RunResult r = TestJobs.run("conf/curate.yaml", out, "run.date=2026-01-01");
    JsonNode problems = new ObjectMapper().readTree(Files.readString(Path.of("sample-data/expected/instructions_problems.json")))
        .path("problems");
    Map<Long, String> expected = new HashMap<>();
    problems.fields().forEachRemaining(e -> {
      String reason = switch (e.getKey()) {
        case "blocklist_alpaca_extended", "blocklist_self_instruct" -> "blocklisted_keyword";
        case "malformed" -> "malformed_input";
        default -> e.getKey();
      };
      for (JsonNode item : e.getValue()) {
        expected.put(item.isObject() ? item.path("line").asLong() : item.asLong(), reason);
      }
    });
    Map<Long, Long> nearOriginal = new HashMap<>();
    for (JsonNode item : problems.path("near_duplicate")) {
      nearOriginal.put(item.path("line").asLong(), item.path("near_duplicate_of").asLong());
    }

    List<Row> rejects = TestJobs.rejects(out).collectAsList();
    Map<Long, String> actual = rejects.stream().collect(Collectors.toMap(
        row -> row.<Long>getAs("line_number"), row -> row.<String>getAs("reason")));
    assertThat(actual).isEqualTo(expected);
    assertThat(rejects).allSatisfy(row -> {
      assertThat(row.<String>getAs("source_file")).endsWith("sample-data/instructions.jsonl");
      assertThat(row.<String>getAs("detail")).isNotBlank();
    });
    // A near duplicate names the earlier line it duplicates and the paper's score.
    for (Row row : rejects) {
      Long line = row.getAs("line_number");
      if (nearOriginal.containsKey(line)) {
        assertThat(row.<String>getAs("detail")).matches("dup_of=[0-9a-f]{32} rouge_l=0\\.[7-9][0-9]{3} \\(.*instructions.jsonl:"
            + nearOriginal.get(line) + "\\)");
        assertThat(row.<Double>getAs("rouge_l_max")).isGreaterThan(0.7);
      }
    }
    Row malformed = rejects.stream().filter(row -> row.<Long>getAs("line_number") == 106L).findFirst().orElseThrow();
    assertThat(malformed.<String>getAs("raw")).contains("\"instruction\": 42");
    assertThat(malformed.<String>getAs("stage")).isEqualTo("load");

    long kept = r.rows("train") + r.rows("eval") + r.rows("eval_unseen");
    assertThat(kept).isEqualTo(142 - expected.size()).isEqualTo(100);
    assertThat(r.report().path("funnel").get(0).path("rows_in").asLong()).isEqualTo(142);
    assertThat(r.report().path("warnings")).isEmpty();
    assertThat(Files.exists(Path.of(r.runDir(), "report.html"))).isTrue();
    assertThat(Files.readString(Path.of(r.runDir(), "config.yaml"))).contains("date: \"2026-01-01\"");
  }

  /**
   * Nights of one output, each a whole run of the sample: a new night drops what the earlier one
   * kept, a rerun of a date replaces it, and a date without earlier-night dedup is a fresh copy.
   */
  @Test
  void aNewNightDropsWhatEarlierNightsKeptAndARerunReplacesItsDate() {
    RunResult night1 = TestJobs.run("conf/curate.yaml", out, "run.date=2026-02-10");
    List<String> first = ids("2026-02-10");
    long firstRejects = rejectsOf("2026-02-10");
    RunResult night2 = TestJobs.run("conf/curate.yaml", out, "run.date=2026-02-11");
    assertThat(ids("2026-02-11")).isEmpty();
    assertThat(ids("2026-02-10")).isEqualTo(first);
    List<Row> exact = TestJobs.rejects(out)
        .where(col("run_date").equalTo("2026-02-11").and(col("reason").equalTo("exact_duplicate"))).collectAsList();
    List<Row> near = TestJobs.rejects(out)
        .where(col("run_date").equalTo("2026-02-11").and(col("reason").equalTo("near_duplicate"))).collectAsList();
    // Every row kept on night 1 comes back as an exact copy of another date's row (so do the file's
    // planted copies of them), the planted near-duplicates as near duplicates; each names the night-1
    // row it repeats.
    assertThat(exact.stream().map(r -> r.<String>getAs("id")).toList()).containsAll(first);
    assertThat(exact).allSatisfy(r -> assertThat(r.<String>getAs("detail")).contains("run_date=2026-02-10"));
    assertThat(near).isNotEmpty().allSatisfy(r -> assertThat(r.<String>getAs("detail")).contains("run_date=2026-02-10"));
    // The report compares the night with the previous one and flags the drop in rows kept.
    assertThat(night2.report().path("comparison").path("previous_run_date").asText()).isEqualTo("2026-02-10");
    assertThat(night2.report().path("comparison").path("metrics").get(0).path("previous").asDouble())
        .isEqualTo(night1.rows("train") + night1.rows("eval"));
    assertThat(night2.report().path("warnings").toString()).contains("rows kept drifted from 100 to 0");

    // Rerunning night 1 after night 2 exists replaces its date: night 2 kept nothing, so night 1
    // keeps the same rows and rejects the same ones, once each.
    TestJobs.run("conf/curate.yaml", out, "run.date=2026-02-10");
    assertThat(ids("2026-02-10")).isEqualTo(first).doesNotHaveDuplicates();
    assertThat(rejectsOf("2026-02-10")).isEqualTo(firstRejects);

    // Without earlier-night dedup a new date is a fresh copy; the first date is untouched.
    TestJobs.run("conf/curate.yaml", out, "run.date=2026-02-12", "dedup.earlier-runs=false");
    assertThat(ids("2026-02-10")).isEqualTo(first);
    assertThat(ids("2026-02-12")).isEqualTo(first);
  }

  private long rejectsOf(String date) {
    return TestJobs.rejects(out).where(col("run_date").equalTo(date)).count();
  }

  @Test
  void jsonLinesOutputHoldsTheSameRows() throws Exception {
    RunResult r = TestJobs.run("conf/curate.yaml", out, "run.date=2026-03-01", "output.format=jsonl");
    long lines = 0;
    try (var files = Files.walk(out.resolve("train"))) {
      for (Path p : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        for (String line : Files.readAllLines(p)) {
          JsonNode n = new ObjectMapper().readTree(line);
          assertThat(n.has("rouge_l_max")).as("null columns are written, not left out").isTrue();
          lines++;
        }
      }
    }
    assertThat(lines).isEqualTo(r.rows("train")).isPositive();
  }

  @Test
  void disablingFiltersKeepsEveryParsedRow() {
    RunResult r = TestJobs.run("conf/curate.yaml", out, "run.date=2026-04-01", "filters.enabled=false",
        "dedup.exact=false", "dedup.near=false");
    assertThat(r.rows("train") + r.rows("eval")).isEqualTo(139);
  }

  private List<String> ids(String date) {
    return TestJobs.examples(out, "train").unionByName(TestJobs.examples(out, "eval"))
        .where(col("run_date").equalTo(date)).select("id").orderBy("id")
        .collectAsList().stream().map(r -> r.getString(0)).toList();
  }
}
