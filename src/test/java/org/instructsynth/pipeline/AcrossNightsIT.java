package org.instructsynth.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.core.io.Json;
import org.instructsynth.core.text.RougeL;
import org.instructsynth.job.RunResult;
import org.instructsynth.pipeline.llm.Ledger;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nights run out of order into one output: dates 2, 3, then 1 (a backfill), then reruns. Whatever
 * the order, no example id appears in two dates of {@code train}, {@code eval}, {@code eval_unseen};
 * other committed dates come first and are never dropped, and this night's copies of their rows are
 * rejected with {@code dup_of} naming the other date's row; a rerun of a date does not treat its own
 * previous rows as references.
 */
class AcrossNightsIT {
  private static final String D1 = "2026-10-01";
  private static final String D2 = "2026-10-02";
  private static final String D3 = "2026-10-03";
  private static final Pattern DUP_OF = Pattern.compile("dup_of=([0-9a-f_]+) .*run_date=(\\d{4}-\\d{2}-\\d{2})");

  @TempDir Path dir;

  @Test
  void curateNightsInAnyOrderKeepIdsUniqueAndRejectOtherDatesCopies() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("sample-data/instructions.jsonl"));
    // Night 2: lines 1-60. Night 3: lines 41-100 (41-60 are night 2's) plus a near-duplicate of line 2.
    // Night 1, run last: lines 1-20 (night 2's) and 101-142, plus a near-duplicate of line 70 (night 3's).
    Path in2 = write("n2.jsonl", lines.subList(0, 60));
    List<String> n3 = new ArrayList<>(lines.subList(40, 100));
    n3.add(Json.MAPPER.writeValueAsString(Map.of("instruction", "Explain why the sky looks so blue during the day.",
        "input", "", "output", "Air scatters blue light more than red light.")));
    Path in3 = write("n3.jsonl", n3);
    List<String> n1 = new ArrayList<>(lines.subList(0, 20));
    n1.addAll(lines.subList(100, lines.size()));
    String line70 = Json.MAPPER.readTree(lines.get(69)).path("instruction").asText();
    n1.add(Json.MAPPER.writeValueAsString(Map.of("instruction", line70.replaceFirst("\\.$", " please."), "input", "",
        "output", "A different answer than night three's.")));
    Path in1 = write("n1.jsonl", n1);
    Path out = dir.resolve("out");

    TestJobs.run("conf/curate.yaml", out, "run.date=" + D2, "input.path=" + in2);
    Set<String> night2Ids = idsOf(out, D2);
    TestJobs.run("conf/curate.yaml", out, "run.date=" + D3, "input.path=" + in3);
    assertUniqueAcrossDates(out);
    // Night 3 keeps none of night 2's rows; the planted near-duplicate names night 2's row.
    assertThat(idsOf(out, D3)).isNotEmpty().doesNotContainAnyElementsOf(night2Ids);
    assertThat(dupOf(out, D3, "exact_duplicate")).isNotEmpty().allSatisfy((id, date) -> {
      assertThat(date).isEqualTo(D2);
      assertThat(night2Ids).contains(id);
    });
    assertThat(dupOf(out, D3, "near_duplicate")).containsValue(D2);

    RunResult backfill = TestJobs.run("conf/curate.yaml", out, "run.date=" + D1, "input.path=" + in1);
    assertUniqueAcrossDates(out);
    assertThat(backfill.rows("train") + backfill.rows("eval")).isPositive();
    // The backfill's copies of night 2's lines 1-20 are exact duplicates of night 2's rows (which stay),
    // and its near-duplicate of line 70 names night 3's row: later dates are references too.
    Map<String, String> exact = dupOf(out, D1, "exact_duplicate");
    assertThat(exact).isNotEmpty();
    assertThat(exact.keySet()).isSubsetOf(night2Ids);
    assertThat(dupOf(out, D1, "near_duplicate")).containsValue(D3);
    assertThat(idsOf(out, D2)).isEqualTo(night2Ids);

    // A rerun of the middle date: its own previous rows are replaced, not references, so it keeps them.
    TestJobs.run("conf/curate.yaml", out, "run.date=" + D2, "input.path=" + in2);
    assertUniqueAcrossDates(out);
    assertThat(idsOf(out, D2)).isEqualTo(night2Ids);
  }

  // include-seeds off: the nights' generated rows are what these tests follow (the seeds are the same every night).
  private static final String[] SMALL = {"self-instruct.target-instructions=20", "self-instruct.prompts-per-round=4",
      "self-instruct.include-seeds=false"};

  /** Self-Instruct nights 2, 3, then 1 (the order); returns the backfill's result. */
  private static RunResult selfInstructNights231(Path out) throws Exception {
    RunResult first = run(out, D2, SMALL);
    assertThat(first.report().path("llm").path("calls").asLong()).isPositive();
    Set<String> night2 = instructionsOf(out, D2);
    assertThat(night2).isNotEmpty();

    RunResult second = run(out, D3, SMALL);
    assertUniqueAcrossDates(out);
    // Night 3 adds new instructions and pays for new prompts: these show night 2's instructions as
    // machine examples (Self-Instruct's 2 generated + 6 seeds once the pool is non-empty).
    assertThat(second.report().path("llm").path("calls").asLong()).isPositive();
    Set<String> night3 = instructionsOf(out, D3);
    assertThat(night3).isNotEmpty().doesNotContainAnyElementsOf(night2);
    List<String> prompts = instructionPrompts(out, D3);
    assertThat(prompts).isNotEmpty();
    long showingNight2 = prompts.stream().filter(p -> night2.stream().anyMatch(p::contains)).count();
    assertThat(showingNight2).as("night 3's prompts that show a night-2 instruction").isPositive();

    RunResult backfill = run(out, D1, SMALL);
    assertUniqueAcrossDates(out);
    assertThat(instructionsOf(out, D1)).isNotEmpty().doesNotContainAnyElementsOf(night2).doesNotContainAnyElementsOf(night3);
    assertThat(idsOf(out, D2)).isNotEmpty();
    return backfill;
  }

  @Test
  void selfInstructContinuesFromOtherNightsPoolAndNeverRepublishes() throws Exception {
    Path out = dir.resolve("si");
    selfInstructNights231(out);
    assertNoNearDuplicatesAcrossDates(out);
  }

  /**
   * The same three nights, then a replay of the backfill (the ledger answers every request) and a rerun
   * of the middle date, which now has dates 1 and 3 around it. Two whole runs more than the CI test
   * above (about 40 s); curate's middle-date rerun stays in the CI suite.
   */
  @Test
  @org.junit.jupiter.api.Tag("extended")
  void selfInstructReplayAndMiddleRerunKeepIdsUnique() throws Exception {
    Path out = dir.resolve("si-rerun");
    RunResult backfill = selfInstructNights231(out);

    // Same date, same inputs, same other nights: the ledger replays every request.
    Set<String> backfillIds = idsOf(out, D1);
    RunResult replay = run(out, D1, SMALL);
    assertThat(replay.report().path("llm").path("calls").asLong()).isZero();
    assertThat(replay.report().path("llm").path("cached").asLong())
        .isEqualTo(backfill.report().path("llm").path("requested").asLong());
    assertThat(idsOf(out, D1)).isEqualTo(backfillIds);

    // A rerun of the middle date now has dates 1 and 3 around it: still no id in two dates.
    run(out, D2, SMALL);
    assertUniqueAcrossDates(out);
    assertThat(idsOf(out, D2)).isNotEmpty();
    assertNoNearDuplicatesAcrossDates(out);
  }

  /**
   * Cross-date near-duplicates were rejected naming the other date's row, and, independently of the
   * code's own dedup, no kept instruction is above ROUGE-L 0.7 against another date's kept instruction.
   */
  private static void assertNoNearDuplicatesAcrossDates(Path out) {
    List<Row> crossDate = new ArrayList<>();
    for (Row r : TestJobs.rejects(out).where(col("reason").equalTo("near_duplicate")).collectAsList()) {
      Matcher m = DUP_OF.matcher(r.<String>getAs("detail"));
      if (m.find()) {
        assertThat(m.group(2)).isNotEqualTo(r.<String>getAs("run_date"));
        crossDate.add(r);
      }
    }
    assertThat(crossDate).as("near_duplicate rejects naming another date's row").isNotEmpty();
    List<String> dates = List.of(D1, D2, D3);
    for (int a = 0; a < dates.size(); a++) {
      for (int b = a + 1; b < dates.size(); b++) {
        for (String x : instructionsOf(out, dates.get(a))) {
          for (String y : instructionsOf(out, dates.get(b))) {
            assertThat(RougeL.score(x, y).fmeasure()).as("%s (%s) vs %s (%s)", x, dates.get(a), y, dates.get(b))
                .isLessThanOrEqualTo(0.7);
          }
        }
      }
    }
  }

  private static RunResult run(Path out, String date, String... extra) {
    List<String> all = new ArrayList<>(List.of("run.date=" + date));
    all.addAll(List.of(extra));
    return TestJobs.run("conf/self-instruct.yaml", out, all.toArray(String[]::new));
  }

  private Path write(String name, List<String> lines) throws Exception {
    Path p = dir.resolve(name);
    Files.write(p, lines);
    return p;
  }

  private static Dataset<Row> kept(Path out) {
    return TestJobs.examples(out, "train").unionByName(TestJobs.examples(out, "eval"))
        .unionByName(TestJobs.examples(out, "eval_unseen"));
  }

  /** Every id of the three example tables is in one date only (and once). */
  private static void assertUniqueAcrossDates(Path out) {
    List<Row> repeated = kept(out).groupBy("id").count().where(col("count").gt(1)).collectAsList();
    assertThat(repeated).as("ids written more than once across dates").isEmpty();
  }

  private static Set<String> idsOf(Path out, String date) {
    Set<String> ids = new HashSet<>();
    kept(out).where(col("run_date").equalTo(date)).select("id").collectAsList().forEach(r -> ids.add(r.getString(0)));
    return ids;
  }

  private static Set<String> instructionsOf(Path out, String date) {
    Set<String> s = new HashSet<>();
    kept(out).where(col("run_date").equalTo(date)).select("instruction").collectAsList().forEach(r -> s.add(r.getString(0)));
    return s;
  }

  /** A date's rejects with {@code reason} that name another date's row: dup_of id to that row's date. */
  private static Map<String, String> dupOf(Path out, String date, String reason) {
    Map<String, String> out2 = new HashMap<>();
    for (Row r : TestJobs.rejects(out).where(col("run_date").equalTo(date).and(col("reason").equalTo(reason)))
        .collectAsList()) {
      Matcher m = DUP_OF.matcher(r.<String>getAs("detail"));
      if (m.find()) {
        out2.put(m.group(1), m.group(2));
      }
    }
    return out2;
  }

  /** The prompts of a date's instruction-generation calls, from the ledger. */
  private static List<String> instructionPrompts(Path out, String date) throws Exception {
    List<String> prompts = new ArrayList<>();
    for (Row r : Tables.readFiles(org.instructsynth.testing.SparkTestSession.get(), out.resolve(Ledger.DIR).toString(),
            Ledger.readSchema())
        .where(col("run_date").equalTo(date).and(col("stage").equalTo("instructions"))).select("request").collectAsList()) {
      JsonNode request = Json.MAPPER.readTree(r.getString(0));
      StringBuilder text = new StringBuilder(request.path("prompt").asText(""));
      request.path("messages").forEach(m -> text.append(m.path("content").asText("")));
      prompts.add(text.toString());
    }
    return prompts;
  }
}
