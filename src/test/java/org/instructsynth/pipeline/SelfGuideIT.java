package org.instructsynth.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.instructsynth.job.RunResult;
import org.instructsynth.testing.SparkTestSession;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code conf/self-guide.yaml} (2 generation and 2 classification tasks, 3 epochs) end to
 * end with the SIMULATED endpoint, checked against the paper's rules on the written rows, and a rerun
 * that makes no call. Extended: two runs of some 900 calls; CI pins the rules with {@link
 * SelfGuideGoldenIT}'s one small run.
 */
@Tag("extended")
class SelfGuideIT {
  @TempDir Path out;

  @Test
  void inputsThenVotedOutputsAndRerunPaysNothing() {
    RunResult first = TestJobs.run("conf/self-guide.yaml", out, "run.date=2026-04-01");
    assertThat(first.rows("train")).isPositive();
    assertThat(first.rows("eval")).isPositive();
    List<String> stages = new ArrayList<>();
    first.report().path("funnel").forEach(f -> stages.add(f.path("stage").asText()));
    assertThat(stages).containsSubsequence("load", "inputs", "input-filter", "outputs", "vote", "balance", "filter", "split");
    Map<String, Set<String>> reasons = SelfInstructIT.reasonsByStage(first.report());
    assertThat(reasons.get("input-filter")).contains("empty_input", "noise_phrase", "length_outlier", "duplicate_input");
    assertThat(reasons.get("outputs")).contains("empty_output", "noise_phrase").doesNotContain("no_label");
    // SG-22: labels are mapped after the vote, so a winner naming no label is dropped there
    assertThat(reasons.get("vote")).contains("low_agreement").isSubsetOf("low_agreement", "no_label");

    // Every request of the output stage is one of 10 samples of a kept input.
    Map<String, Long> calls = new HashMap<>();
    first.report().path("llm").path("by_stage").forEach(s -> calls.put(s.path("stage").asText(), s.path("calls").asLong()));
    long keptInputs = first.stages().stream().filter(s -> s.stage().equals("input-filter")).findFirst().orElseThrow().rowsOut();
    assertThat(calls.get("outputs")).isEqualTo(keptInputs * 10);

    // Classification examples are balanced: every label of a task has the same count.
    List<Row> rows = TestJobs.examples(out, "train").unionByName(TestJobs.examples(out, "eval")).collectAsList();
    Map<String, Map<String, Integer>> perLabel = new HashMap<>();
    for (Row r : rows) {
      assertThat(r.<String>getAs("input")).isNotBlank();
      if ("classification".equals(r.getAs("task_type"))) {
        perLabel.computeIfAbsent(r.getAs("task_id"), k -> new HashMap<>()).merge(r.getAs("output"), 1, Integer::sum);
      }
    }
    assertThat(perLabel).isNotEmpty();
    perLabel.values().forEach(m -> assertThat(Set.copyOf(m.values())).hasSize(1));
    assertThat(perLabel.get("seed_task_23").keySet()).isSubsetOf("spam", "not spam");

    long ledger = SparkTestSession.get().read().parquet(out.resolve("llm_calls").toString()).count();
    RunResult again = TestJobs.run("conf/self-guide.yaml", out, "run.date=2026-04-01");
    assertThat(again.report().path("llm").path("calls").asLong()).isZero();
    assertThat(SparkTestSession.get().read().parquet(out.resolve("llm_calls").toString()).count()).isEqualTo(ledger);
    assertThat(again.rows("train")).isEqualTo(first.rows("train"));
  }
}
