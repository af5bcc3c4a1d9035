package org.instructsynth.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.instructsynth.core.Instance;
import org.instructsynth.core.SeedTask;
import org.junit.jupiter.api.Test;

class SelfGuidePromptsTest {
  private static final PromptTemplates T = PromptTemplates.classpath();
  private static final Template GEN = T.template(PromptTemplates.SELF_GUIDE_INPUT);
  private static final Template CLF = T.template(PromptTemplates.SELF_GUIDE_INPUT_CLF);

  private static final SeedTask GEN_TASK =
      new SeedTask(
          "g1", "sum", "Summarize the text.",
          List.of(new Instance("Text one.", "One."), new Instance("Text two.", "Two.")),
          false, null, null, null);
  private static final SeedTask CLF_TASK =
      new SeedTask(
          "c1", "sent", "Is the review positive or negative?",
          List.of(new Instance("Loved it.", "positive"), new Instance("Hated it.", "negative")),
          true, List.of("positive", "negative"), null, null);

  @Test
  void defaults() {
    SelfGuideDefaults d = SelfGuideDefaults.PAPER;
    assertThat(d.inputSampling(false).temperature()).isEqualTo(0.9);
    assertThat(d.inputSampling(true).temperature()).isEqualTo(0.7);
    assertThat(d.inputSampling(false).topK()).isEqualTo(40);
    assertThat(d.inputSampling(false).maxTokens()).isEqualTo(500);
    assertThat(d.promptsPerRound()).isEqualTo(10);
    SamplingParams out = d.outputSampling();
    assertThat(out.n()).isEqualTo(10);
    assertThat(out.temperature()).isEqualTo(0.2);
    assertThat(out.topK()).isEqualTo(10);
    assertThat(out.maxTokens()).isEqualTo(500);
    assertThat(d.minAgreement()).isEqualTo(0.3);
  }

  @Test
  void rendersGenerationPromptExactly() {
    String prompt = SelfGuidePrompts.render(GEN, " Summarize the text.\n", List.of("A", "B"), List.of(), "");
    assertThat(prompt)
        .isEqualTo(
            "You are writing new inputs for a task. Study the task instruction and the example inputs, then write one"
                + " new input for the task.\n\n"
                + "The new input must differ from every input shown below. Make it specific, detailed and realistic,"
                + " like the good examples.\n\n"
                + "=== Task instruction ===\n\nSummarize the text.\n\n"
                + "=== Good example inputs ===\nTheir format is authoritative: follow it exactly.\n\n"
                + "[input]=\"A\"\n\n[input]=\"B\"\n\n"
                + "=== Earlier generated inputs ===\nTheir format or content may be wrong. Use them only for ideas,"
                + " and do not repeat them.\n\nN/A\n\n"
                + "=== Your turn ===\nWrite one new input that follows the task instruction and the format of the good"
                + " examples. Reply with the new input only, with nothing before or after it.\n\n[input]=");
  }

  @Test
  void rendersClassificationPromptWithTargetLabel() {
    String prompt = SelfGuidePrompts.render(CLF, "Is it positive?", List.of("A"), List.of("old"), "negative");
    assertThat(prompt)
        .contains("[input]=\"A\"\n\n=== Earlier generated inputs ===")
        .contains("do not repeat them.\n\n[input]=\"old\"\n\n=== Your turn ===\n")
        .contains("Write one new input whose correct output is \"negative\".")
        .endsWith("Remember: the correct output for your input must be \"negative\".\n\n[input]=");
  }

  @Test
  void firstRoundHasNoLowQualityExamplesAndShowsAllExampleInputs() {
    var p = SelfGuidePrompts.inputPrompt(GEN, GEN_TASK, List.of(), SelfGuideDefaults.PAPER, 3L, 0, 0);
    assertThat(p.lowQualityShown()).isEmpty();
    assertThat(p.targetLabel()).isEmpty();
    assertThat(p.prompt()).contains("[input]=\"Text one.\"\n\n").contains("[input]=\"Text two.\"\n\n").contains("N/A\n\n=== Your turn");
  }

  @Test
  void laterRoundsShowOneToTenPoolInputsDeterministically() {
    List<String> pool = List.of("p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9", "p10", "p11", "p12");
    for (int i = 0; i < 30; i++) {
      var p = SelfGuidePrompts.inputPrompt(GEN, GEN_TASK, pool, SelfGuideDefaults.PAPER, 3L, 1, i);
      assertThat(p.lowQualityShown()).isNotEmpty().hasSizeLessThanOrEqualTo(10).doesNotHaveDuplicates().isSubsetOf(pool);
      assertThat(SelfGuidePrompts.inputPrompt(GEN, GEN_TASK, pool, SelfGuideDefaults.PAPER, 3L, 1, i)).isEqualTo(p);
    }
  }

  @Test
  void classificationDrawsATargetLabel() {
    boolean sawPositive = false;
    boolean sawNegative = false;
    for (int i = 0; i < 40; i++) {
      var p = SelfGuidePrompts.inputPrompt(CLF, CLF_TASK, List.of(), SelfGuideDefaults.PAPER, 9L, 0, i);
      assertThat(p.targetLabel()).isIn("positive", "negative");
      assertThat(p.prompt()).contains("whose correct output is \"" + p.targetLabel() + "\"");
      sawPositive |= p.targetLabel().equals("positive");
      sawNegative |= p.targetLabel().equals("negative");
    }
    assertThat(sawPositive && sawNegative).isTrue();
    SeedTask noLabels = new SeedTask("c2", "x", "Classify.", List.of(), true, null, null, null);
    assertThatThrownBy(() -> SelfGuidePrompts.inputPrompt(CLF, noLabels, List.of(), SelfGuideDefaults.PAPER, 1L, 0, 0))
        .hasMessage("SELF-GUIDE classification task 'c2' has no labels; give 'labels' in the seed task");
  }

  @Test
  void keepsTheGeneratedInputAsGeneratedStrippedOnly() {
    // SG-14 (IG L186-188, L310): only str.strip()
    assertThat(SelfGuidePrompts.parseInput(" \"The food was cold.\"\r\n", false)).isEqualTo("\"The food was cold.\"");
    assertThat(SelfGuidePrompts.parseInput("[input]=\"x\"\u3000", false)).isEqualTo("[input]=\"x\"");
    assertThat(SelfGuidePrompts.parseInput(null, false)).isEmpty();
  }

  @Test
  void stripsMarkersAsAnOption() {
    assertThat(SelfGuidePrompts.parseInput(" \"The food was cold.\"\r\n", true)).isEqualTo("The food was cold.");
    assertThat(SelfGuidePrompts.parseInput("[input]=\"Line one\r\nline two\"", true)).isEqualTo("Line one\nline two");
    assertThat(SelfGuidePrompts.parseInput("plain text", true)).isEqualTo("plain text");
    assertThat(SelfGuidePrompts.parseInput("\"", true)).isEqualTo("\"");
    assertThat(SelfGuidePrompts.parseInput(null, true)).isEmpty();
  }

  @Test
  void outputPromptIsThePapersOneTextOfUserAndAssistantLines() {
    // SG-15 (output_annotator/prompt_template.py L23-31, L89-100): header, instruction turn, "ASSISTANT: Okay.",
    // one USER/ASSISTANT pair per example in order, the new input, a last "ASSISTANT:"; stripped, no "None".
    Template t = T.template(PromptTemplates.SELF_GUIDE_OUTPUT);
    assertThat(SelfGuidePrompts.outputPrompt(t, GEN_TASK, "Text three.")).isEqualTo(
        "A conversation between a user and an AI assistant that labels data for a task. The assistant keeps its answers short.\n"
            + "USER: Please help me label examples: for each input, reply with its output only. The task is: Summarize the text.\n"
            + "ASSISTANT: Okay.\n"
            + "USER: [input] = Text one.\n"
            + "ASSISTANT: One.\n"
            + "USER: [input] = Text two.\n"
            + "ASSISTANT: Two.\n"
            + "USER: [input] = Text three.\n"
            + "ASSISTANT:");
  }

  @Test
  void contextCutoffDrawsTheExamplesAgainUntilThePromptFits() {
    // SG-8 (IG L124-140): a prompt over the cutoff is built again from new draws
    List<String> pool = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      pool.add("earlier input " + i + " " + "word ".repeat(i * 40));
    }
    var free = SelfGuidePrompts.inputPrompt(GEN, GEN_TASK, pool, SelfGuideDefaults.PAPER, 5L, 1, 0);
    int limit = free.prompt().length(); // the first draw does not fit
    var fitted = SelfGuidePrompts.inputPrompt(GEN, GEN_TASK, pool, SelfGuideDefaults.PAPER, 5L, 1, 0, p -> p.length() < limit);
    assertThat(fitted.prompt().length()).isLessThan(limit);
    assertThat(fitted.lowQualityShown()).isNotEqualTo(free.lowQualityShown());
    // nothing fits: the shortest of the MAX_DRAWS draws
    var none = SelfGuidePrompts.inputPrompt(GEN, GEN_TASK, pool, SelfGuideDefaults.PAPER, 5L, 1, 0, p -> false);
    assertThat(none.prompt().length()).isLessThanOrEqualTo(fitted.prompt().length());
  }

  @Test
  void outputMessagesAreExampleTurnsThenTheNewInput() {
    Template sys = T.template(PromptTemplates.SELF_GUIDE_OUTPUT_SYSTEM);
    List<ChatMessage> m = SelfGuidePrompts.outputMessages(sys, GEN_TASK, "Text three.");
    assertThat(m)
        .containsExactly(
            ChatMessage.system(
                "Follow the task instruction below. For every input you are given, reply with its output only, in the"
                    + " same format as your earlier answers.\n\nTask instruction:\nSummarize the text."),
            ChatMessage.user("Text one."),
            ChatMessage.assistant("One."),
            ChatMessage.user("Text two."),
            ChatMessage.assistant("Two."),
            ChatMessage.user("Text three."));
  }
}
