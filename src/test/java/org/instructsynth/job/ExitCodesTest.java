package org.instructsynth.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes of runs that got past preflight, through {@link Main} on the shared test session. */
class ExitCodesTest {
  @TempDir Path dir;

  private Path lines(String name, int from, int to) {
    return TestJobs.sampleLines(dir.resolve(name), from, to);
  }

  @Test
  void aRunStoppedByTheBudgetIsPartialAndExits4() throws Exception {
    MainRuns r = MainRuns.run("conf/distill.yaml", "--set", "output.path=" + dir.resolve("out"),
        "--set", "input.path=" + lines("in.jsonl", 0, 12), "--set", "run.date=2026-09-01",
        "--set", "distill.judge.enabled=false", "--set", "split.min-eval-per-task=0",
        "--set", "llm.prices.gpt-4o-mini={input: 0.15, output: 0.60}", "--set", "llm.budget-usd=0.00002");
    assertThat(r.code()).as(r.err()).isEqualTo(4);
    assertThat(r.out()).contains("(partial, run_date 2026-09-01)");
    assertThat(r.err()).contains("the run is partial (exit 4): llm.budget-usd stopped the LLM calls");
    assertThat(Files.exists(dir.resolve("out/_locks/run_date=2026-09-01.lock"))).as("lock released").isFalse();
  }

  @Test
  void aFlaggedDriftExits5WithFailOnDrift() throws Exception {
    Path out = dir.resolve("out");
    MainRuns first = MainRuns.run("conf/curate.yaml", "--set", "output.path=" + out,
        "--set", "input.path=" + lines("night1.jsonl", 0, 30), "--set", "run.date=2026-09-01");
    assertThat(first.code()).as(first.err()).isZero();
    Path small = lines("night2.jsonl", 30, 33);
    MainRuns strict = MainRuns.run("conf/curate.yaml", "--set", "output.path=" + out, "--set", "input.path=" + small,
        "--set", "run.date=2026-09-02", "--set", "report.fail-on-drift=true");
    assertThat(strict.code()).as(strict.err()).isEqualTo(5);
    assertThat(strict.err()).contains("drift flagged (exit 5, report.fail-on-drift is true): rows kept")
        .contains("report.json");
  }

  @Test
  void aCheckedExceptionFromSparkIsOneMessageWithoutAStackTrace() throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("train"), "a file where the train table's directory belongs");
    String[] args = {"conf/curate.yaml", "--set", "output.path=" + out, "--set", "input.path=" + lines("in.jsonl", 0, 10),
        "--set", "run.date=2026-09-01"};
    MainRuns r = MainRuns.run(args);
    assertThat(r.code()).isEqualTo(1);
    // stderr also holds Spark's own log lines (the failed task's WARN); ours is the last thing printed.
    String ours = r.err().substring(r.err().indexOf("instruct-synth: "));
    // the publish step meets the file first (a Hadoop ParentNotDirectoryException inside our own
    // UncheckedIOException); before publishing existed it was Spark's reader (a SparkException)
    assertThat(ours).startsWith("instruct-synth: the run failed: a file operation failed: ")
        .contains("Parent path is not a directory").contains("What to do: ").contains("Add --debug to see the stack trace.");
    assertThat(ours.strip().split("\n")).hasSize(2);
    assertThat(r.stackTrace()).isFalse();
    MainRuns debug = MainRuns.run(concat(args, "--debug"));
    assertThat(debug.code()).isEqualTo(1);
    assertThat(debug.err()).contains("\tat ");
  }

  @Test
  void driftDecidesTheExitCodeOnlyWithFailOnDriftAndPartialWins() {
    var report = org.instructsynth.core.io.Json.MAPPER.createObjectNode().put("status", "complete");
    report.putObject("comparison").putArray("metrics").addObject().put("name", "rows kept").put("previous", 100)
        .put("current", 0).put("flag", true);
    RunResult drifted = new RunResult("r", "2026-09-02", "complete", java.util.Map.of(), "d", "d/report.json", List.of(), report);
    RunResult partial = new RunResult("r", "2026-09-02", "partial", java.util.Map.of(), "d", "d/report.json", List.of(), report);
    var lenient = org.instructsynth.config.ConfigLoader.load(Path.of("conf/curate.yaml"), List.of());
    var strict = org.instructsynth.config.ConfigLoader.load(Path.of("conf/curate.yaml"), List.of("report.fail-on-drift=true"));
    assertThat(lenient.report().failOnDrift()).isFalse();
    assertThat(ExitCodes.of(drifted, lenient)).isZero();
    assertThat(ExitCodes.of(drifted, strict)).isEqualTo(5);
    assertThat(ExitCodes.explain(5, drifted)).contains("rows kept 100 -> 0");
    report.putObject("llm").put("skipped_budget", 3);
    assertThat(ExitCodes.explain(4, partial)).contains("llm.budget-usd stopped the LLM calls");
    report.putObject("llm").put("skipped_budget", 0); // partial with nothing skipped: a batch is pending
    assertThat(ExitCodes.explain(4, partial)).contains("LLM calls are still running in a batch (llm.mode: batch)")
        .contains("rerun the date later to collect them").doesNotContain("budget");
    assertThat(ExitCodes.of(partial, strict)).isEqualTo(4);
  }

  @Test
  void onlyErrorsMadeForUsersHideTheirTrace() {
    Failures.Outcome npe = Failures.of(new RuntimeException("wrapped", new NullPointerException("x")), false);
    assertThat(npe.showTrace()).isTrue();
    assertThat(npe.message()).contains("This is a bug in instruct-synth");
    Failures.Outcome iae = Failures.of(new IllegalArgumentException("not for users"), false);
    assertThat(iae.showTrace()).isTrue();
    Failures.Outcome io = Failures.of(new org.apache.spark.SparkException("Job aborted",
        new java.io.IOException("Mkdirs failed to create /x")), false);
    assertThat(io.showTrace()).isFalse();
    assertThat(io.exitCode()).isEqualTo(1);
    assertThat(io.message()).contains("a file operation failed", "Mkdirs failed to create /x");
    Failures.Outcome task = Failures.of(new org.apache.spark.SparkException("Job aborted",
        new org.instructsynth.pipeline.InputFiles.InputException("input path [x] matches no file")), false);
    assertThat(task.exitCode()).isEqualTo(2);
    assertThat(task.message()).isEqualTo("instruct-synth: input path [x] matches no file");
    Failures.Outcome parquet = Failures.of(new org.apache.spark.SparkException("Job aborted",
        new RuntimeException("x is not a Parquet file")), false);
    assertThat(parquet.showTrace()).isFalse();
    Failures.Outcome taskNpe = Failures.of(new org.apache.spark.SparkException("Job aborted",
        new NullPointerException("in our map function")), false);
    assertThat(taskNpe.showTrace()).isTrue();
    Failures.Outcome auth = Failures.of(new org.instructsynth.llm.LlmAuthException("HTTP 401"), false);
    assertThat(auth.exitCode()).isEqualTo(1);
    assertThat(auth.showTrace()).isFalse();
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
