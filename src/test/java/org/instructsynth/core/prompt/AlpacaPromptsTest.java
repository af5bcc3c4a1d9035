package org.instructsynth.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.instructsynth.core.Instance;
import org.instructsynth.core.SeedTask;
import org.instructsynth.core.prompt.AlpacaPrompts.AlpacaTask;
import org.junit.jupiter.api.Test;

class AlpacaPromptsTest {
  private static final Template TEMPLATE = PromptTemplates.classpath().template(PromptTemplates.ALPACA_INSTRUCTIONS);

  /**
   * The shipped alpaca-instructions.txt (our words, stanford_alpaca prompt.txt's structure: intro,
   * blank line, heading, 9 numbered requirements, blank line, "List of 20 tasks:"), then the "\n"
   * generate_instruction.py appends: no blank line before the first "###" (AL-3).
   */
  private static final String HEADER;

  static {
    try {
      String file = new String(AlpacaPromptsTest.class.getResourceAsStream("/prompts/alpaca-instructions.txt").readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8);
      HEADER = file.substring(0, file.indexOf("{examples}")).replace("{num_tasks}", "20");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void promptTxtStructure() {
    String[] lines = HEADER.split("\n", -1);
    assertThat(lines[1]).isEmpty();
    assertThat(lines[2]).endsWith(":");
    for (int i = 1; i <= 9; i++) {
      assertThat(lines[2 + i]).as("requirement %d", i).startsWith(i + ". ");
    }
    assertThat(lines[12]).isEmpty();
    assertThat(lines[13]).isEqualTo("List of 20 tasks:");
    assertThat(lines).hasSize(15); // ... "List of 20 tasks:\n" then the first "###" directly
    assertThat(HEADER).endsWith("List of 20 tasks:\n").contains("<noinput>").contains("20 ");
  }

  private static SeedTask task(String id, String instruction, String input, String output) {
    return new SeedTask(id, id, instruction, List.of(new Instance(input, output)), false, null, null, null);
  }

  @Test
  void defaultsMatchGenerateInstructionPy() {
    AlpacaDefaults d = AlpacaDefaults.PAPER;
    assertThat(d.numPromptInstructions()).isEqualTo(3);
    assertThat(d.numTasks()).isEqualTo(20);
    SamplingParams s = d.sampling();
    assertThat(s.temperature()).isEqualTo(1.0);
    assertThat(s.topP()).isEqualTo(1.0);
    assertThat(s.maxTokens()).isEqualTo(3072);
    assertThat(s.stop()).containsExactly("\n20", "20.", "20.");
  }

  @Test
  void rendersPromptTxtAndBlocksExactly() {
    String prompt =
        AlpacaPrompts.render(
            TEMPLATE,
            List.of(
                task("a", "Give three tips\nfor  staying healthy:", "", "Eat well."),
                task("b", "Translate to French.", "Good morning", "Bonjour")),
            20);
    assertThat(prompt)
        .isEqualTo(
            HEADER
                + "###\n1. Instruction: Give three tips for staying healthy\n1. Input:\n<noinput>\n1. Output:\nEat well.\n"
                + "###\n2. Instruction: Translate to French.\n2. Input:\nGood morning\n2. Output:\nBonjour\n"
                + "###\n3. Instruction:");
  }

  @Test
  void buildSamplesThreeSeedsDeterministically() {
    List<SeedTask> seeds = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      seeds.add(task("t" + i, "Instruction " + i, "", "out " + i));
    }
    var a = AlpacaPrompts.build(TEMPLATE, seeds, AlpacaDefaults.PAPER, 5L, 1, 2);
    var b = AlpacaPrompts.build(TEMPLATE, seeds, AlpacaDefaults.PAPER, 5L, 1, 2);
    assertThat(a).isEqualTo(b);
    assertThat(a.examples()).hasSize(3).doesNotHaveDuplicates();
    assertThat(a.nextNumber()).isEqualTo(4);
    assertThat(a.prompt()).isEqualTo(AlpacaPrompts.render(TEMPLATE, a.examples(), 20)).endsWith("###\n4. Instruction:");
    assertThatThrownBy(() -> AlpacaPrompts.build(TEMPLATE, seeds.subList(0, 2), AlpacaDefaults.PAPER, 5L, 1, 2))
        .hasMessage("Alpaca prompt needs 3 seed tasks, but only 2 were given");
  }

  @Test
  void parsesBlocksContinuingItemFour() {
    String response =
        " Name a color.\n4. Input:\n<noinput>\n4. Output:\nBlue.\n"
            + "###\n5. Instruction: Summarize the text.\n5. Input:\nThe cat sat on the mat all day.\n5. Output:\nA cat rested.\n"
            + "###\n6. Instruction: Add the numbers.\n6. Input:\n2, 3\n6. Output:\n5\n###\n";
    Parsed<AlpacaTask> p = AlpacaPrompts.parse(response, "stop", 3);
    assertThat(p.items())
        .containsExactly(
            new AlpacaTask("Name a color.", "", "Blue."),
            new AlpacaTask("Summarize the text.", "The cat sat on the mat all day.", "A cat rested."),
            new AlpacaTask("Add the numbers.", "2, 3", "5"));
    assertThat(p.rejects()).isEmpty();
  }

  @Test
  void windowsNewlinesRepeatedLeadAndNoInputInCaps() {
    String response = "4. Instruction: Name a color.\r\n4. Input:\r\n<NoInput>\r\n4. Output:\r\nRed\r\n###\r\n";
    Parsed<AlpacaTask> p = AlpacaPrompts.parse(response, "stop", 3);
    assertThat(p.items()).containsExactly(new AlpacaTask("Name a color.", "", "Red"));
  }

  @Test
  void onLengthABlankLastBlockIsTheOneDropped() {
    // AL-7: generate_instruction.py skips the last "###" piece on length even when it is blank, so a
    // complete block before a trailing "###" is kept.
    String response = " Name a color.\n4. Input:\n<noinput>\n4. Output:\nBlue.\n###\n";
    Parsed<AlpacaTask> p = AlpacaPrompts.parse(response, "length", 3);
    assertThat(p.items()).containsExactly(new AlpacaTask("Name a color.", "", "Blue."));
    assertThat(p.rejects()).isEmpty();
  }

  @Test
  void truncatedLastBlockAndMalformedBlocksAreRejected() {
    String response =
        " Name a color.\n4. Input:\n<noinput>\n4. Output:\nBlue.\n"
            + "###\n5. Instruction: Broken block\n5. Output:\nno input field\n"
            + "###\n6. Instruction: Add the numbers.\n6. Input:\n2, 3\n6. Out";
    Parsed<AlpacaTask> p = AlpacaPrompts.parse(response, "length", 3);
    assertThat(p.items()).containsExactly(new AlpacaTask("Name a color.", "", "Blue."));
    assertThat(p.rejects())
        .containsExactly(
            new Reject(
                "unparseable_response",
                "expected 'N. Instruction:', 'N. Input:', 'N. Output:' with one N, found [5. Instruction, 5. Output]",
                "5. Instruction: Broken block\n5. Output:\nno input field"),
            new Reject(
                "truncated",
                "finish_reason=length: last block cut off",
                "6. Instruction: Add the numbers.\n6. Input:\n2, 3\n6. Out"));
  }

  @Test
  void chatterBlockIsRejectedWithoutLosingTheRest() {
    String response =
        "Here are 16 more tasks:\n\n###\n\n4. Instruction: Name a color.\n4. Input:\n<noinput>\n4. Output:\nRed\n\n\n"
            + "###\n5. Instruction: Add 2 and 3.\n5. Input:\n<noinput>\n5. Output:\n5\n";
    Parsed<AlpacaTask> p = AlpacaPrompts.parse(response, "stop", 3);
    assertThat(p.items())
        .containsExactly(new AlpacaTask("Name a color.", "", "Red"), new AlpacaTask("Add 2 and 3.", "", "5"));
    assertThat(p.rejects())
        .containsExactly(
            new Reject(
                "unparseable_response",
                "expected 'N. Instruction:', 'N. Input:', 'N. Output:' with one N, found [4. Instruction]",
                "4. Instruction:Here are 16 more tasks:"));
  }

  @Test
  void mixedNumbersAndEmptyResponses() {
    Parsed<AlpacaTask> p = AlpacaPrompts.parse(" A.\n7. Input:\nx\n8. Output:\ny", "stop", 3);
    assertThat(p.items()).isEmpty();
    assertThat(p.rejects()).extracting(Reject::detail)
        .containsExactly(
            "expected 'N. Instruction:', 'N. Input:', 'N. Output:' with one N, found [4. Instruction, 7. Input, 8. Output]");
    assertThat(AlpacaPrompts.parse("", "stop", 3).rejects())
        .containsExactly(new Reject("unparseable_response", "empty response", ""));
  }
}
