package org.instructsynth.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.instructsynth.core.prompt.AlpacaDefaults;
import org.instructsynth.core.prompt.InstanceGenDefaults;
import org.instructsynth.core.prompt.SelfGuideDefaults;
import org.instructsynth.core.prompt.SelfInstructDefaults;
import org.junit.jupiter.api.Test;

/**
 * The shipped recipe files use the papers' settings: each is compared with the defaults records of
 * core.prompt, which cite the papers' source files, and with the values written in those sources.
 */
class ShippedConfTest {
  @Test
  void selfInstructConfUsesThePaperDefaults() {
    JobConfig c = ConfigLoader.load(Path.of("conf/self-instruct.yaml"), List.of());
    SelfInstructConfig si = c.selfInstruct();
    assertThat(si.instructions()).isEqualTo(SelfInstructDefaults.PAPER);
    assertThat(si.alpaca()).isEqualTo(AlpacaDefaults.PAPER);
    assertThat(si.instances()).isEqualTo(InstanceGenDefaults.PAPER);
    // bootstrap_instructions.py: 8 shown (6 seeds + 2 generated), temperature 0.7, top_p 0.5,
    // presence penalty 2, max_tokens 1024, stop at item 16; ROUGE-L > 0.7 rejects.
    assertThat(si.instructions().numSeedInstructions()).isEqualTo(6);
    assertThat(si.instructions().sampling().temperature()).isEqualTo(0.7);
    assertThat(si.instructions().sampling().topP()).isEqualTo(0.5);
    assertThat(si.instructions().sampling().presencePenalty()).isEqualTo(2.0);
    assertThat(si.instructions().sampling().maxTokens()).isEqualTo(1024);
    assertThat(si.instructions().stop()).containsExactly("\n\n", "\n16", "16.", "16 .");
    assertThat(si.alpaca().numPromptInstructions()).isEqualTo(3);
    assertThat(si.alpaca().numTasks()).isEqualTo(20);
    assertThat(si.alpaca().temperature()).isEqualTo(1.0);
    assertThat(si.instances().maxInstancesPerTask()).isEqualTo(5);
    assertThat(si.instances().instanceSampling(true).temperature()).isEqualTo(0.0);
    assertThat(si.instances().instanceSampling(true).maxTokens()).isEqualTo(300);
    assertThat(si.promptsPerRound()).isEqualTo(5);
    assertThat(c.dedup().rouge().threshold()).isEqualTo(0.7);
    assertThat(c.dedup().field()).isEqualTo("instruction");
    assertThat(c.llm().provider()).isEqualTo("simulated");
  }

  @Test
  void selfGuideConfUsesThePaperDefaults() {
    JobConfig c = ConfigLoader.load(Path.of("conf/self-guide.yaml"), List.of());
    assertThat(c.selfGuide().settings()).isEqualTo(SelfGuideDefaults.PAPER);
    // SELF-GUIDE: inputs at 0.9 (0.7 classification), top_k 40, 10 prompts per round; outputs 10
    // samples at 0.2, top_k 10; vote share 0.3.
    assertThat(c.selfGuide().settings().inputSampling(false).temperature()).isEqualTo(0.9);
    assertThat(c.selfGuide().settings().inputSampling(true).temperature()).isEqualTo(0.7);
    assertThat(c.selfGuide().settings().inputSampling(true).topK()).isEqualTo(40);
    assertThat(c.selfGuide().settings().promptsPerRound()).isEqualTo(10);
    assertThat(c.selfGuide().settings().outputSamples()).isEqualTo(10);
    assertThat(c.selfGuide().settings().outputSampling().temperature()).isEqualTo(0.2);
    assertThat(c.selfGuide().settings().outputSampling().topK()).isEqualTo(10);
    assertThat(c.selfGuide().settings().minAgreement()).isEqualTo(0.3);
  }

  /** GPT-4-LLM: one answer per instruction, no judge, the given set neither filtered nor deduplicated. */
  @Test
  void distillConfIsThePapersPlainDistillation() {
    JobConfig c = ConfigLoader.load(Path.of("conf/distill.yaml"), List.of());
    assertThat(c.distill().judge()).isNull();
    assertThat(c.distill().candidates()).isEqualTo(1);
    assertThat(c.distill().teachers()).hasSize(1);
    assertThat(c.distill().teachers().get(0).temperature()).isEqualTo(1.0);
    assertThat(c.distill().teachers().get(0).topP()).isEqualTo(1.0);
    assertThat(c.distill().systemPrompt()).isEmpty();
    assertThat(c.distill().translateTo()).isEmpty();
    assertThat(c.filters().disabledRules()).containsExactlyInAnyOrder("instruction-length", "keyword-blocklist", "write-a-program",
        "leading-character", "output-equals-input", "chatter");
    assertThat(c.filters().requiredFields()).containsExactly("instruction", "output");
    assertThat(c.dedup().exact()).isTrue();
    assertThat(c.dedup().near()).isFalse();
  }

  /** The same defaults hold for a distill configuration that names neither filters nor dedup. */
  @Test
  void distillWithoutFilterOrDedupSectionsKeepsTheGivenSet(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path p = dir.resolve("d.yaml");
    java.nio.file.Files.writeString(p, "recipe: distill\ninput: {path: x.jsonl}\noutput: {path: out}\n");
    JobConfig c = ConfigLoader.load(p, List.of());
    assertThat(c.filters().disabledRules()).hasSize(6).doesNotContain("empty-field");
    assertThat(c.dedup().exact()).isTrue();
    assertThat(c.dedup().near()).isFalse();
    assertThat(c.distill().judge()).isNull();
    JobConfig curate = ConfigLoader.load(p, List.of("recipe=curate"));
    assertThat(curate.filters().disabledRules()).isEmpty();
    assertThat(curate.dedup().near()).isTrue();
  }

  /** GPT-4-LLM's comparison data: three models' answers, one judge request rating all of them. */
  @Test
  void distillCompareConfRatesSeveralModelsInOneJudgeRequest() {
    JobConfig c = ConfigLoader.load(Path.of("conf/distill-compare.yaml"), List.of());
    assertThat(c.distill().teachers()).extracting(DistillConfig.Teacher::model).containsExactly("gpt-4o", "gpt-3.5-turbo", "gpt-4o-mini");
    assertThat(c.distill().candidates()).isEqualTo(3);
    assertThat(c.distill().judge().mode()).isEqualTo(DistillConfig.Judge.TOGETHER);
    assertThat(c.distill().judge().model()).isEqualTo("gpt-4o");
    assertThat(c.export().formats()).contains("dpo");
    assertThat(c.filters().disabledRules()).hasSize(6);
    assertThat(c.dedup().near()).isFalse();
    assertThat(ConfigLoader.load(Path.of("conf/distill-compare.yaml"), List.of("distill.judge.mode=each")).distill().judge().maxTokens())
        .as("each mode keeps its own max-tokens unless set; the conf sets 512").isEqualTo(512);
  }

  @Test
  void everyPaperValueCanBeOverridden() {
    JobConfig c = ConfigLoader.load(Path.of("conf/self-instruct.yaml"),
        List.of("self-instruct.generation.temperature=0.9", "self-instruct.alpaca.num-tasks=10",
            "self-instruct.instances.max-instances-per-task=3", "self-instruct.style=alpaca"));
    assertThat(c.selfInstruct().instructions().temperature()).isEqualTo(0.9);
    assertThat(c.selfInstruct().alpaca().numTasks()).isEqualTo(10);
    assertThat(c.selfInstruct().instances().maxInstancesPerTask()).isEqualTo(3);
    assertThat(c.selfInstruct().isAlpaca()).isTrue();
  }
}
