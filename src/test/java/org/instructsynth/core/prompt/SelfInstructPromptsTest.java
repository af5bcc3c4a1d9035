package org.instructsynth.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfInstructPromptsTest {
  private static final Template TEMPLATE =
      PromptTemplates.classpath().template(PromptTemplates.SELF_INSTRUCT_INSTRUCTIONS);
  private static final SelfInstructDefaults D = SelfInstructDefaults.PAPER;

  private static List<String> seeds(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("Seed task number " + i);
    }
    return out;
  }

  @Test
  void defaultsMatchBootstrapInstructionsPy() {
    assertThat(D.numPromptInstructions()).isEqualTo(8);
    assertThat(D.numMachineInstructions()).isEqualTo(2);
    assertThat(D.numSeedInstructions()).isEqualTo(6);
    assertThat(D.maxNewInstructionsPerCall()).isEqualTo(7);
    SamplingParams s = D.sampling();
    assertThat(s.temperature()).isEqualTo(0.7);
    assertThat(s.topP()).isEqualTo(0.5);
    assertThat(s.presencePenalty()).isEqualTo(2.0);
    assertThat(s.frequencyPenalty()).isEqualTo(0.0);
    assertThat(s.maxTokens()).isEqualTo(1024);
    assertThat(s.stop()).containsExactly("\n\n", "\n16", "16.", "16 .");
    assertThat(s.n()).isEqualTo(1);
  }

  @Test
  void rendersNumberedListLikeEncodePrompt() {
    String prompt = SelfInstructPrompts.render(TEMPLATE, List.of("Write a poem::", "  Name   three\ncolors  "));
    assertThat(prompt).isEqualTo("Write a list of new and varied tasks:\n1. Write a poem\n2. Name three colors\n3.");
  }

  @Test
  void classificationVariantHasItsOwnHeader() {
    Template clf = PromptTemplates.classpath().template(PromptTemplates.SELF_INSTRUCT_INSTRUCTIONS_CLF);
    assertThat(SelfInstructPrompts.render(clf, List.of("Is it spam?")))
        .isEqualTo(
            "Write a list of new and varied classification tasks, naming the possible output labels where you can.\n"
                + "1. Is it spam?\n2.");
  }

  @Test
  void showsSixSeedsAndTwoMachineInstructionsContinuingAtNine() {
    List<String> machine = List.of("Machine A", "Machine B", "Machine C");
    SelfInstructPrompts.InstructionPrompt p = SelfInstructPrompts.build(TEMPLATE, seeds(20), machine, D, 42L, 3, 1);
    assertThat(p.shown()).hasSize(8).doesNotHaveDuplicates();
    assertThat(p.machineShown()).isEqualTo(2);
    assertThat(p.shown().stream().filter(machine::contains).count()).isEqualTo(2);
    assertThat(p.nextNumber()).isEqualTo(9);
    assertThat(p.prompt()).startsWith("Write a list of new and varied tasks:\n1. ").endsWith("\n9.");
    assertThat(p.prompt()).isEqualTo(SelfInstructPrompts.render(TEMPLATE, p.shown()));
  }

  @Test
  void earlyRoundsFillWithSeeds() {
    SelfInstructPrompts.InstructionPrompt none = SelfInstructPrompts.build(TEMPLATE, seeds(10), List.of(), D, 1L, 0, 0);
    assertThat(none.machineShown()).isZero();
    assertThat(none.shown()).hasSize(8).allMatch(s -> s.startsWith("Seed"));
    SelfInstructPrompts.InstructionPrompt one =
        SelfInstructPrompts.build(TEMPLATE, seeds(10), List.of("Only one"), D, 1L, 0, 0);
    assertThat(one.shown()).hasSize(8).contains("Only one");
    assertThat(one.shown().stream().filter(s -> s.startsWith("Seed")).count()).isEqualTo(7);
  }

  @Test
  void samplingIsDeterministicPerRoundAndPromptIndex() {
    List<String> machine = List.of("M1", "M2", "M3", "M4");
    var a = SelfInstructPrompts.build(TEMPLATE, seeds(30), machine, D, 7L, 2, 5);
    var b = SelfInstructPrompts.build(TEMPLATE, seeds(30), machine, D, 7L, 2, 5);
    var c = SelfInstructPrompts.build(TEMPLATE, seeds(30), machine, D, 7L, 2, 6);
    var d = SelfInstructPrompts.build(TEMPLATE, seeds(30), machine, D, 8L, 2, 5);
    assertThat(a).isEqualTo(b);
    assertThat(c.prompt()).isNotEqualTo(a.prompt());
    assertThat(d.prompt()).isNotEqualTo(a.prompt());
  }

  @Test
  void tooFewSeedsIsAnError() {
    assertThatThrownBy(() -> SelfInstructPrompts.build(TEMPLATE, seeds(5), List.of(), D, 1L, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Self-Instruct prompt needs 8 seed instructions (8 shown, 0 generated), but only 5 seeds were given");
  }

  @Test
  void parsesACompletionContinuingItemNine() {
    String response = " Write a haiku about   autumn.\n10. Translate the sentence into French.\n11 . Summarize the article";
    Parsed<String> p = SelfInstructPrompts.parse(response, "stop", 9, 7);
    assertThat(p.items())
        .containsExactly("Write a haiku about autumn.", "Translate the sentence into French.", "Summarize the article");
    assertThat(p.rejects()).isEmpty();
  }

  @Test
  void chatModelEchoingNumbersWithWindowsNewlinesAndBlankLines() {
    String response = "9. Write a haiku.\r\n\r\n10. Sort the list.\r\n\r\n\r\n11.   \r\n12. Explain gravity.\r\n";
    Parsed<String> p = SelfInstructPrompts.parse(response, "stop", 9, 7);
    assertThat(p.items()).containsExactly("Write a haiku.", "Sort the list.", "Explain gravity.");
    assertThat(p.rejects()).isEmpty();
  }

  @Test
  void preambleChatterIsRejectedAndTheListKept() {
    String response = "Sure! Here are more tasks:\n9. Write a haiku.\n10. Sort the list.";
    Parsed<String> p = SelfInstructPrompts.parse(response, "stop", 9, 7);
    assertThat(p.items()).containsExactly("Write a haiku.", "Sort the list.");
    assertThat(p.rejects())
        .containsExactly(
            new Reject(
                "unparseable_response", "text before item 9 is not a list item", "Sure! Here are more tasks:"));
  }

  @Test
  void preambleBeforeARestartedListIsRejected() {
    Parsed<String> p = SelfInstructPrompts.parse("Here are some new tasks:\n1. Write a haiku.\n2. Sort the list.", "stop", 9, 7);
    assertThat(p.items()).containsExactly("Write a haiku.", "Sort the list.");
    assertThat(p.rejects())
        .containsExactly(
            new Reject(
                "unparseable_response", "text before the first numbered item is a preamble", "Here are some new tasks:"));
  }

  @Test
  void truncatedLastItemIsDroppedOnLength() {
    Parsed<String> p = SelfInstructPrompts.parse(" Write a haiku.\n10. Sort the", "length", 9, 7);
    assertThat(p.items()).containsExactly("Write a haiku.");
    assertThat(p.rejects()).containsExactly(new Reject("truncated", "finish_reason=length: last item cut off", "Sort the"));
  }

  @Test
  void paperModeDiscardsTheWholeTruncatedResponse() {
    Parsed<String> p = SelfInstructPrompts.parse(" Write a haiku.\n10. Sort the", "length", 9, 7, true);
    assertThat(p.items()).isEmpty();
    // bootstrap_instructions.py L42-43 keeps nothing; here every discarded item is a reject row.
    assertThat(p.rejects())
        .containsExactly(
            new Reject("truncated", "finish_reason=length: whole response discarded (item 1 of 2)", "Write a haiku."),
            new Reject("truncated", "finish_reason=length: whole response discarded (item 2 of 2)", "Sort the"));
    assertThat(SelfInstructPrompts.parse(" Write a haiku.", "stop", 9, 7, true).items()).containsExactly("Write a haiku.");
    // Items past the cap are discarded as truncated too; a cut response with no item is one reject.
    assertThat(SelfInstructPrompts.parse(" A one.\n10. B two.\n11. C", "length", 9, 1, true).rejects())
        .extracting(Reject::reason).containsExactly("truncated", "truncated", "truncated");
    assertThat(SelfInstructPrompts.parse("  ", "length", 9, 7, true).rejects())
        .containsExactly(new Reject("truncated", "finish_reason=length: whole response discarded", "  "));
    // Preamble chatter stays unparseable_response; the items after it are discarded.
    assertThat(SelfInstructPrompts.parse("Sure:\n9. A one.\n10. B", "length", 9, 7, true).rejects())
        .extracting(Reject::reason).containsExactly("unparseable_response", "truncated", "truncated");
  }

  @Test
  void itemsPastTheCapAreRejected() {
    Parsed<String> p = SelfInstructPrompts.parse(" A one.\n10. B two.\n11. C three.", "stop", 9, 2);
    assertThat(p.items()).containsExactly("A one.", "B two.");
    assertThat(p.rejects())
        .containsExactly(new Reject("too_many_items", "more than 2 new items in one response", "C three."));
  }

  @Test
  void malformedResponsesAreRejectsNotExceptions() {
    assertThat(SelfInstructPrompts.parse("  \r\n ", "stop", 9, 7).rejects())
        .containsExactly(new Reject("unparseable_response", "empty response", "  \n "));
    Parsed<String> bullets = SelfInstructPrompts.parse("- Write a haiku.\n- Sort the list.", "stop", 9, 7);
    assertThat(bullets.items()).isEmpty();
    assertThat(bullets.rejects())
        .containsExactly(
            new Reject(
                "unparseable_response",
                "no numbered items in a response of several lines",
                "- Write a haiku.\n- Sort the list."));
    assertThat(SelfInstructPrompts.parse(null, null, 9, 7).rejects()).extracting(Reject::reason)
        .containsExactly("unparseable_response");
    assertThat(SelfInstructPrompts.parse("9.\n10.", "stop", 9, 7).rejects())
        .containsExactly(new Reject("unparseable_response", "no non-empty items", "9.\n10."));
  }
}
