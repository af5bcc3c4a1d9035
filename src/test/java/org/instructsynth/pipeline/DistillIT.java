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
import org.instructsynth.core.filter.FilterSettings;
import org.instructsynth.core.filter.PreCallFilter;
import org.instructsynth.job.RunResult;
import org.instructsynth.pipeline.OutputWriter;
import org.instructsynth.testing.SparkTestSession;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code conf/distill.yaml} (3 candidates per instruction and a judge) end to end on
 * sample-data with the SIMULATED endpoint, a rerun that makes no call, and the translation variant.
 */
class DistillIT {
  private static final PreCallFilter PRE_CALL =
      PreCallFilter.of(FilterSettings.defaults().withBlocklist("alpaca", List.of()), true);
  @TempDir Path out;

  @Test
  void teacherAnswersJudgeBuildsPairsAndRerunPaysNothing() throws Exception {
    RunResult first = TestJobs.run("conf/distill.yaml", out, "run.date=2026-03-01");
    assertThat(first.rows("train")).isPositive();
    assertThat(first.rows("eval")).isPositive();
    List<String> stages = new ArrayList<>();
    first.report().path("funnel").forEach(f -> stages.add(f.path("stage").asText()));
    assertThat(stages).containsSubsequence("load", "answer", "judge", "filter", "dedup-exact", "dedup-rouge", "split");
    Map<String, Set<String>> reasons = SelfInstructIT.reasonsByStage(first.report());
    assertThat(reasons.get("load")).containsExactly("malformed_input");
    // The instruction rules run before the calls (conf/distill.yaml's filters): no call for those rows.
    assertThat(reasons.get("pre-filter")).contains("instruction_too_short", "blocklisted_keyword", "empty_instruction");

    // Every distinct (instruction, input) of the valid lines is answered by 3 candidate settings;
    // equal prompts are one request. Judge prompts include the answer, and equal answers are one request.
    JsonNode llm = first.report().path("llm");
    long valid = distinctValidPrompts();
    Map<String, Long> calls = new java.util.HashMap<>();
    llm.path("by_stage").forEach(s -> calls.put(s.path("stage").asText(), s.path("calls").asLong()));
    assertThat(calls.get("answer")).isEqualTo(valid * 3);
    assertThat(calls.get("judge")).isPositive().isLessThanOrEqualTo(valid * 3);
    long ledgerRows = SparkTestSession.get().read().parquet(out.resolve("llm_calls").toString()).count();
    assertThat(ledgerRows).isEqualTo(llm.path("calls").asLong());

    Dataset<Row> pairs = OutputWriter.readTable(SparkTestSession.get(), out.resolve("comparisons").toString(),
        Columns.COMPARISON);
    long n = pairs.count();
    assertThat(n).isPositive().isLessThanOrEqualTo(valid);
    assertThat(pairs.select("id").distinct().count()).isEqualTo(n);
    assertThat(pairs.where(col("score_chosen").leq(col("score_rejected"))).count()).isZero();
    assertThat(pairs.where(col("chosen").equalTo(col("rejected"))).count()).isZero();
    assertThat(pairs.where(col("score_chosen").gt(10).or(col("score_rejected").lt(1))).count()).isZero();
    assertThat(pairs.where(col("run_date").notEqual("2026-03-01")).count()).isZero();
    List<Row> train = TestJobs.examples(out, "train").collectAsList();
    assertThat(train).allMatch(r -> "distilled".equals(r.getAs("source")) && r.getAs("request_key") != null);

    RunResult again = TestJobs.run("conf/distill.yaml", out, "run.date=2026-03-01");
    assertThat(again.report().path("llm").path("calls").asLong()).isZero();
    assertThat(again.report().path("llm").path("cached").asLong()).isEqualTo(llm.path("requested").asLong());
    assertThat(SparkTestSession.get().read().parquet(out.resolve("llm_calls").toString()).count()).isEqualTo(ledgerRows);
    assertThat(again.rows("train")).isEqualTo(first.rows("train"));
    assertThat(OutputWriter.readTable(SparkTestSession.get(), out.resolve("comparisons").toString(), Columns.COMPARISON)
        .count()).isEqualTo(n);
  }

  /**
   * Lines of sample-data/instructions.jsonl with string instruction and output that the answer-independent
   * rules of conf/distill.yaml's filters keep, distinct by stripped instruction and input.
   */
  static long distinctValidPrompts() throws Exception {
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
      if (PRE_CALL.apply(n.path("instruction").asText(), n.path("input").asText("")).dropped()) {
        continue;
      }
      keys.add(n.path("instruction").asText().strip() + "\u0000" + n.path("input").asText("").strip());
    }
    return keys.size();
  }

  @Test
  void failedCallsBecomeLlmErrorRejectsWithTheirStatus() {
    RunResult r = TestJobs.run("conf/distill.yaml", out, "run.date=2026-03-03", "distill.judge.enabled=false",
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
    RunResult r = TestJobs.run("conf/distill.yaml", out, "run.date=2026-03-02", "distill.translate-to=zh",
        "distill.judge.enabled=false");
    assertThat(r.rows("train")).isPositive();
    assertThat(SelfInstructIT.reasonsByStage(r.report()).get("translate")).contains("unparseable_response");
    List<Row> train = TestJobs.examples(out, "train").collectAsList();
    assertThat(train).allMatch(row -> "zh".equals(row.getAs("language")));
    // The simulator's translation renders words as CJK characters: no ASCII letters remain.
    assertThat(train).allMatch(row -> !((String) row.getAs("instruction")).matches("(?s).*[A-Za-z]{3,}.*"));
  }
}
