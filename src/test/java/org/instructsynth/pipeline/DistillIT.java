package org.instructsynth.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.core.filter.FilterChain;
import org.instructsynth.core.filter.FilterSettings;
import org.instructsynth.core.filter.PreCallFilter;
import org.instructsynth.job.RunResult;
import org.instructsynth.pipeline.OutputWriter;
import org.instructsynth.testing.SparkTestSession;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped distill configurations end to end on sample-data with the SIMULATED endpoint: {@code
 * conf/distill.yaml} (GPT-4-LLM's plain distillation: one answer per given instruction, nothing
 * filtered but empty fields) with a rerun that makes no call, {@code conf/distill-compare.yaml} (three
 * models' answers rated in one judge request per instruction), failures and the translation variant.
 */
class DistillIT {
  /** What the distill defaults drop before a call: an empty instruction, nothing else. */
  private static final PreCallFilter PAPER = PreCallFilter.of(FilterSettings.defaults()
      .withDisabledRules(FilterChain.RULE_NAMES.stream().filter(r -> !r.equals("empty-field")).toList())
      .withRequiredFields(List.of("instruction", "output")), true);
  /** Self-Instruct's and Alpaca's instruction rules, which the paper does not apply to a given set. */
  private static final PreCallFilter ALPACA_RULES =
      PreCallFilter.of(FilterSettings.defaults().withBlocklist("alpaca", List.of()), true);
  private static final Set<String> MODELS = Set.of("gpt-4o", "gpt-3.5-turbo", "gpt-4o-mini");
  @TempDir Path out;

  @Test
  void paperSettingAnswersEveryGivenInstructionOnceAndRerunPaysNothing() throws Exception {
    RunResult first = TestJobs.run("conf/distill.yaml", out, "run.date=2026-03-01");
    assertThat(first.rows("train")).isPositive();
    List<String> stages = new ArrayList<>();
    first.report().path("funnel").forEach(f -> stages.add(f.path("stage").asText()));
    assertThat(stages).containsSubsequence("load", "pre-filter", "answer", "filter", "dedup-exact", "split")
        .doesNotContain("judge", "dedup-rouge");
    Map<String, Set<String>> reasons = SelfInstructIT.reasonsByStage(first.report());
    assertThat(reasons.get("load")).containsExactly("malformed_input");
    assertThat(reasons.getOrDefault("pre-filter", Set.of())).containsOnly("empty_instruction");
    assertThat(reasons.values().stream().flatMap(Set::stream))
        .doesNotContain("instruction_too_short", "blocklisted_keyword", "starts_with_punctuation", "near_duplicate");

    // One answer per distinct (instruction, input) of the valid lines; equal prompts are one request.
    JsonNode llm = first.report().path("llm");
    long valid = distinctValidPrompts(PAPER);
    assertThat(callsByStage(llm)).containsExactly(Map.entry("answer", valid));
    long ledgerRows = SparkTestSession.get().read().parquet(out.resolve("llm_calls").toString()).count();
    assertThat(ledgerRows).isEqualTo(llm.path("calls").asLong());
    // Instructions Self-Instruct's rules would drop ("too short", a blocklisted word...) are answered and kept.
    List<Row> kept = TestJobs.examples(out, "train").unionByName(TestJobs.examples(out, "eval")).collectAsList();
    assertThat(kept).anyMatch(r -> ALPACA_RULES.apply(r.getAs("instruction"), r.getAs("input")).dropped());
    assertThat(kept).allMatch(r -> "distilled".equals(r.getAs("source")) && r.getAs("request_key") != null);

    RunResult again = TestJobs.run("conf/distill.yaml", out, "run.date=2026-03-01");
    assertThat(again.report().path("llm").path("calls").asLong()).isZero();
    assertThat(again.report().path("llm").path("cached").asLong()).isEqualTo(llm.path("requested").asLong());
    assertThat(SparkTestSession.get().read().parquet(out.resolve("llm_calls").toString()).count()).isEqualTo(ledgerRows);
    assertThat(again.rows("train")).isEqualTo(first.rows("train"));
  }

  @Test
  void comparisonSettingRatesThreeModelsAnswersInOneJudgeRequest() throws Exception {
    RunResult first = TestJobs.run("conf/distill-compare.yaml", out, "run.date=2026-03-01");
    assertThat(first.rows("train")).isPositive();
    List<String> stages = new ArrayList<>();
    first.report().path("funnel").forEach(f -> stages.add(f.path("stage").asText()));
    assertThat(stages).containsSubsequence("load", "answer", "judge", "filter", "dedup-exact", "split");

    // Every distinct prompt is answered by the three models; the judge sees all three answers at once.
    JsonNode llm = first.report().path("llm");
    long valid = distinctValidPrompts(PAPER);
    Map<String, Long> calls = callsByStage(llm);
    assertThat(calls.get("answer")).isEqualTo(valid * 3);
    assertThat(calls.get("judge")).isPositive().isLessThanOrEqualTo(valid);
    Dataset<Row> ledger = SparkTestSession.get().read().parquet(out.resolve("llm_calls").toString());
    Set<String> answerModels = new java.util.HashSet<>();
    for (Row r : ledger.where(col("stage").equalTo("answer")).select("request").collectAsList()) {
      answerModels.add(org.instructsynth.core.io.Json.MAPPER.readTree(r.getString(0)).path("model").asText());
    }
    assertThat(answerModels).isEqualTo(MODELS);
    // Each judge request shows the instruction's distinct answers (two or three: equal answers are shown once).
    Map<Integer, Integer> byAnswers = new java.util.TreeMap<>();
    for (Row r : ledger.where(col("stage").equalTo("judge")).select("request").collectAsList()) {
      JsonNode request = org.instructsynth.core.io.Json.MAPPER.readTree(r.getString(0));
      assertThat(request.path("model").asText()).isEqualTo("gpt-4o");
      assertThat(request.path("temperature").asDouble()).isZero();
      assertThat(request.path("max_tokens").asInt()).isEqualTo(512);
      String prompt = request.path("messages").get(0).path("content").asText();
      int shown = prompt.split("\n\\[Answer \\d\\]\n", -1).length - 1;
      assertThat(shown).isBetween(2, 3);
      assertThat(prompt).startsWith("You are comparing " + shown + " answers").doesNotContain("[Answer 4]");
      byAnswers.merge(shown, 1, Integer::sum);
    }
    assertThat(byAnswers).containsKey(3);

    Dataset<Row> pairs = OutputWriter.readTable(SparkTestSession.get(), out.resolve("comparisons").toString(),
        Columns.COMPARISON);
    long n = pairs.count();
    assertThat(n).isPositive().isLessThanOrEqualTo(valid);
    assertThat(pairs.select("id").distinct().count()).isEqualTo(n);
    assertThat(pairs.where(col("score_chosen").leq(col("score_rejected"))).count()).isZero();
    assertThat(pairs.where(col("chosen").equalTo(col("rejected"))).count()).isZero();
    assertThat(pairs.where(col("score_chosen").gt(10).or(col("score_rejected").lt(1))).count()).isZero();
    assertThat(pairs.where(col("run_date").notEqual("2026-03-01")).count()).isZero();
    assertThat(pairs.select("judge_model").distinct().collectAsList()).extracting(r -> r.getString(0)).containsExactly("gpt-4o");
    List<Row> train = TestJobs.examples(out, "train").collectAsList();
    assertThat(train).allMatch(r -> MODELS.contains(r.<String>getAs("model")));
  }

  private static Map<String, Long> callsByStage(JsonNode llm) {
    Map<String, Long> calls = new java.util.TreeMap<>();
    llm.path("by_stage").forEach(s -> calls.put(s.path("stage").asText(), s.path("calls").asLong()));
    return calls;
  }

  /**
   * Lines of sample-data/instructions.jsonl with string instruction and output that {@code preCall}
   * keeps, distinct by stripped instruction and input.
   */
  static long distinctValidPrompts(PreCallFilter preCall) throws Exception {
    Set<String> keys = new java.util.HashSet<>();
    for (String line : java.nio.file.Files.readAllLines(Path.of("sample-data/instructions.jsonl"))) {
      JsonNode n;
      try {
        n = org.instructsynth.core.io.Json.MAPPER.readTree(line);
      } catch (Exception e) {
        continue;
      }
      if (n == null || !n.path("instruction").isTextual() || !n.path("output").isTextual()
          || !(n.path("input").isTextual() || n.path("input").isMissingNode() || n.path("input").isNull())) {
        continue;
      }
      if (preCall.apply(n.path("instruction").asText(), n.path("input").asText("")).dropped()) {
        continue;
      }
      keys.add(n.path("instruction").asText().strip() + "\u0000" + n.path("input").asText("").strip());
    }
    return keys.size();
  }

  @Test
  void failedCallsBecomeLlmErrorRejectsWithTheirStatus() {
    RunResult r = TestJobs.run("conf/distill.yaml", out, "run.date=2026-03-03",
        "llm.simulator.rate-5xx=0.1", "llm.simulator.seed=7", "llm.max-retries=0", "llm.max-failure-ratio=0.5");
    long failed = r.report().path("llm").path("failed").asLong();
    assertThat(failed).isPositive();
    List<Row> errors = TestJobs.rejects(out).where(col("reason").equalTo("llm_error")).collectAsList();
    // A repeated instruction shares its request, so one failed call can fail several rows.
    assertThat(errors).hasSizeGreaterThanOrEqualTo((int) failed);
    assertThat(errors).allMatch(e -> "answer".equals(e.getAs("stage")) && ((String) e.getAs("detail")).matches("status=failed http_status=50[03] .*"));
    assertThat(r.rows("train")).isPositive();
  }

  @Test
  void translatedRowsAreAnsweredInTheTargetLanguage() {
    RunResult r = TestJobs.run("conf/distill.yaml", out, "run.date=2026-03-02", "distill.translate-to=zh");
    assertThat(r.rows("train")).isPositive();
    assertThat(SelfInstructIT.reasonsByStage(r.report()).get("translate")).contains("unparseable_response");
    List<Row> train = TestJobs.examples(out, "train").collectAsList();
    assertThat(train).allMatch(row -> "zh".equals(row.getAs("language")));
    // The simulator's translation renders words as CJK characters: no ASCII letters remain.
    assertThat(train).allMatch(row -> !((String) row.getAs("instruction")).matches("(?s).*[A-Za-z]{3,}.*"));
  }
}
