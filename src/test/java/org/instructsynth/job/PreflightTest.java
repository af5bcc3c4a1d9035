package org.instructsynth.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preflight through the command line: every problem is found before Spark starts (the session
 * factory is never reached, nothing is written), reported at once, exit 2, and without a stack trace
 * unless --debug.
 */
class PreflightTest {
  private static final String UNSET_KEY = "INSTRUCT_SYNTH_PREFLIGHT_TEST_KEY_NEVER_SET";
  @TempDir Path dir;

  @Test
  void everyProblemIsReportedAtOnceWithoutAStackTrace() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    MainRuns r = MainRuns.run("conf/distill.yaml", "--set", "output.path=" + file.resolve("out"),
        "--set", "input.path=" + dir.resolve("missing.jsonl"),
        "--set", "llm.provider=openai-compatible", "--set", "llm.base-url=http://127.0.0.1:9/v1",
        "--set", "llm.api-key-env=" + UNSET_KEY, "--set", "run.date=2026-11-29");
    assertThat(System.getenv(UNSET_KEY)).isNull();
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("instruct-synth: Preflight found 3 problems before any work was done (nothing was called or written).")
        .contains("output.path '" + file.resolve("out") + "' cannot be written")
        .contains("input.path: '" + dir.resolve("missing.jsonl") + "' matches no file")
        .contains("llm.api-key-env: the environment variable " + UNSET_KEY + " is not set");
    assertThat(r.stackTrace()).isFalse();
    assertThat(dir.resolve("missing.jsonl")).doesNotExist();

    MainRuns debug = MainRuns.run("conf/distill.yaml", "--debug", "--set", "output.path=" + dir.resolve("out"),
        "--set", "input.path=" + dir.resolve("missing.jsonl"));
    assertThat(debug.code()).isEqualTo(2);
    assertThat(debug.err()).contains("Preflight found 1 problem").contains("\tat org.instructsynth.job.Preflight");
  }

  @Test
  void aTemplateSlotThatNoRowHasIsAConfigurationError() throws Exception {
    Path templates = Files.writeString(dir.resolve("topic.yaml"), """
        templates:
          - id: ok-01
            input: "What is this headline about?\\n\\n{text}"
            target: "{label}"
          - id: typo-02
            input: "Classify: {txt}"
            target: "{label}"
        """);
    MainRuns r = MainRuns.run("conf/templatize.yaml", "--set", "output.path=" + dir.resolve("out"),
        "--set", "templatize.datasets=[{name: topic, cluster: topic, type: classification, label-field: label,"
            + " path: sample-data/labelled/topic.jsonl, templates: " + templates + "}]",
        "--set", "templatize.general.path=");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Preflight found 1 problem")
        .contains("templatize.datasets[0] (topic): template typo-02 in " + templates + " uses {txt}")
        .contains("have no field 'txt' (fields: id, text, label); did you mean {text}?");
    assertThat(r.stackTrace()).isFalse();
    assertThat(dir.resolve("out").resolve("train")).doesNotExist();
  }

  @Test
  void aBrokenTemplateFileAndAMissingDatasetAreReportedTogether() throws Exception {
    Path templates = Files.writeString(dir.resolve("bad.yaml"), "templates:\n  - id: x\n    input: \"{unclosed\"\n");
    MainRuns r = MainRuns.run("conf/templatize.yaml", "--set", "output.path=" + dir.resolve("out"),
        "--set", "templatize.datasets=[{name: a, path: " + dir.resolve("none.jsonl") + ", templates: " + templates + "},"
            + " {name: b, path: sample-data/labelled/topic.jsonl, templates: " + dir.resolve("absent.yaml") + "}]",
        "--set", "templatize.general.path=");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("templatize.datasets[0].path: '" + dir.resolve("none.jsonl") + "' matches no file")
        .contains("templatize.datasets[0].templates '" + templates + "': a: templates[0] has no target pattern")
        .contains("templatize.datasets[1].templates: cannot read '" + dir.resolve("absent.yaml") + "'");
    assertThat(r.stackTrace()).isFalse();
  }

  @Test
  void aPlanNeedsNeitherAWritableOutputNorTheKey() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    MainRuns r = MainRuns.run("conf/distill.yaml", "--plan", "--set", "output.path=" + file.resolve("out"),
        "--set", "input.path=" + dir.resolve("missing.jsonl"), "--set", "llm.provider=openai-compatible",
        "--set", "llm.base-url=http://127.0.0.1:9/v1", "--set", "llm.api-key-env=" + UNSET_KEY);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Preflight found 1 problem").contains("input.path");
  }

  @Test
  void aBadWaitLockDurationIsAConfigurationError() {
    MainRuns r = MainRuns.run("conf/curate.yaml", "--wait-lock", "soon", "--set", "output.path=" + dir.resolve("out"));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("run.wait-lock: must be a duration such as 500ms, 10s, 2m or 1h, found 'soon'");
  }

  @Test
  void aBudgetWithAnUnpricedModelIsRefusedUnlessTheUserOptsOut() throws Exception {
    MainRuns r = MainRuns.run("conf/distill.yaml", "--set", "output.path=" + dir.resolve("out"), "--set", "run.date=2026-11-29",
        "--set", "llm.model=house-model", "--set", "llm.budget-usd=1.5");
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("Preflight found 1 problem")
        .contains("llm.budget-usd is 1.5, but model house-model (llm.model) has no price in llm.prices, so the budget cannot limit its calls")
        .contains("--set 'llm.prices.house-model={input: <$ per 1M prompt tokens>, output: <$ per 1M completion tokens>}'")
        .contains("remove the budget (llm.budget-usd: 0)").contains("llm.budget-allow-unpriced: true");
    assertThat(r.stackTrace()).isFalse();
    assertThat(dir.resolve("out/llm_calls")).as("nothing was called").doesNotExist();

    // a teacher's own model is checked too (the judge uses llm.model, gpt-4o-mini, which is priced)
    MainRuns teacher = MainRuns.run("conf/distill.yaml", "--set", "output.path=" + dir.resolve("out"), "--set", "run.date=2026-11-29",
        "--set", "llm.budget-usd=2", "--set", "distill.teachers=[{model: my-teacher, samples: 2}]");
    assertThat(teacher.code()).as(teacher.err()).isEqualTo(2);
    assertThat(teacher.err()).contains("model my-teacher (distill.teachers[0].model) has no price").doesNotContain("gpt-4o-mini");

    // opted out, or priced, or without a budget: only the other problem (a missing input) is reported
    String missing = dir.resolve("missing.jsonl").toString();
    for (String[] extra : List.of(new String[] {"llm.budget-allow-unpriced=true"},
        new String[] {"llm.prices.house-model={input: 0.2, output: 0.8}"}, new String[] {"llm.budget-usd=0"})) {
      MainRuns ok = MainRuns.run("conf/distill.yaml", "--set", "output.path=" + dir.resolve("out"), "--set", "run.date=2026-11-29",
          "--set", "llm.model=house-model", "--set", "llm.budget-usd=1.5", "--set", "input.path=" + missing, "--set", extra[0]);
      assertThat(ok.code()).isEqualTo(2);
      assertThat(ok.err()).as(extra[0]).contains("Preflight found 1 problem").contains("matches no file").doesNotContain("no price");
    }
  }
}
