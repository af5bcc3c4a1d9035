package org.instructsynth.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.instructsynth.pipeline.llm.PlanReady;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --plan}: the first LLM stage's requests are built and priced; nothing is called or written. */
class PlanTest {
  @TempDir Path out;
  @TempDir Path in;

  @Test
  void planPricesTheFirstLlmStageWithoutCallingAndCountsTheLedgerAfterARun() throws Exception {
    // 20 sample lines: the plan's arithmetic does not depend on the size, the suite's time does.
    Path input = TestJobs.sampleLines(in.resolve("in.jsonl"), 0, 20);
    String[] args = {"run.date=2026-10-01", "distill.judge.enabled=false", "input.path=" + input,
        "llm.prices.gpt-4o-mini={input: 0.15, output: 0.60}"};
    PlanReady before = catchThrowableOfType(PlanReady.class,
        () -> TestJobs.run("conf/distill.yaml", out, concat(args, "run.plan=true")));
    assertThat(before.stage()).isEqualTo("answer");
    assertThat(before.plan().requested()).isPositive();
    assertThat(before.plan().cached()).isZero();
    assertThat(before.plan().toCall()).isEqualTo(before.plan().requested());
    assertThat(before.plan().estimatedPromptTokens()).isPositive();
    // max_tokens 1024 per request is the most a request can cost.
    assertThat(before.plan().maxCompletionTokens()).isEqualTo(1024L * before.plan().requested());
    assertThat(before.plan().maxCostUsd()).isPositive();
    assertThat(before.describe()).contains("Nothing was called or written.");
    assertThat(Files.exists(out.resolve("llm_calls"))).as("no ledger written").isFalse();
    assertThat(Files.exists(out.resolve("train"))).as("no table written").isFalse();

    RunResult run = TestJobs.run("conf/distill.yaml", out, args);
    assertThat(run.report().path("llm").path("by_stage").get(0).path("calls").asLong())
        .isEqualTo(before.plan().requested());
    PlanReady after = catchThrowableOfType(PlanReady.class,
        () -> TestJobs.run("conf/distill.yaml", out, concat(args, "run.plan=true")));
    assertThat(after.plan().cached()).isEqualTo(before.plan().requested());
    assertThat(after.plan().toCall()).isZero();
  }

  @Test
  void thePlanFlagIsACommandLineOption() {
    assertThat(Main.Arguments.parse(new String[] {"conf/distill.yaml", "--plan"}).overrides()).containsExactly("run.plan=true");
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
