package org.instructsynth.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.instructsynth.core.filter.InstructionLengthFilter;
import org.instructsynth.core.filter.RuleSets;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's Self-Instruct / Alpaca rules pinned without Spark: each test names the authors' line
 * it reproduces (docs/PARITY.md has the table).
 */
class SelfInstructParityTest {

  @Test
  void wordsArePythonSplitOnUnicodeWhitespace() {
    // SI-12 / AL-9: len(inst.split()) with Python's Unicode whitespace; Java's "\\s+" sees 2 words here.
    assertThat(InstructionLengthFilter.wordCount("a\u00a0b c")).isEqualTo(3);
    assertThat(InstructionLengthFilter.wordCount("a\u2009b\u3000c\u202fd")).isEqualTo(4);
    // The instruction-length rule of both rule sets uses that count: 3 words drop, 4 keep.
    for (RuleSets.InstructionRules rules : new RuleSets.InstructionRules[] {
        RuleSets.selfInstructInstructions(), RuleSets.alpacaInstructions()}) {
      assertThat(rules.apply("Name\u00a0a colour").reason()).as(rules.name()).isEqualTo("instruction_too_short");
      assertThat(rules.apply("Name\u00a0a colour\u3000now").kept()).as(rules.name()).isTrue();
      // and the normalisation is re.sub(r"\s+", " ", inst).strip() on the same whitespace
      assertThat(rules.normalise("\u00a0Name\u00a0\u00a0a colour\u3000now\u2028")).as(rules.name())
          .isEqualTo("Name a colour now");
    }
  }

  private static final PromptTemplates T = PromptTemplates.classpath();

  /** The worked tasks of a few-shot file: the pieces between "Task: " lines, without the header and the slot. */
  private static List<String> workedTasks(String template) {
    List<String> out = new ArrayList<>();
    String[] pieces = T.text(template).split("\n\nTask: ", -1);
    for (int i = 1; i < pieces.length; i++) {
      if (!pieces[i].startsWith("{instruction}")) {
        out.add(pieces[i]);
      }
    }
    return out;
  }

  private static int count(Pattern p, String text) {
    Matcher m = p.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void classificationCheckHasTheAuthorsThirtyOneExamplesInTheirYesNoOrder() {
    // SI-19: templates/clf_task_template.py template_1 has 31 examples, 12 Yes / 19 No, in this order.
    String authorsOrder = "YNNYNYNYNNYNYNYNNNNYYNNYNNYNYNN";
    StringBuilder ours = new StringBuilder();
    for (String task : workedTasks(PromptTemplates.SELF_INSTRUCT_CLF_CHECK)) {
      assertThat(task.lines().count()).as(task).isEqualTo(2);
      String answer = task.lines().toList().get(1);
      assertThat(answer).matches("Is it classification\\? (Yes|No)");
      ours.append(answer.endsWith("Yes") ? 'Y' : 'N');
    }
    assertThat(ours.toString()).isEqualTo(authorsOrder);
    assertThat(ours.chars().filter(c -> c == 'Y').count()).isEqualTo(12);
    // SI-20: the prompt ends "Task: <instruction.strip()>\nIs it classification?"
    assertThat(SelfInstructInstances.classificationCheckPrompt(T.template(PromptTemplates.SELF_INSTRUCT_CLF_CHECK), " Sort it. "))
        .endsWith("Is it classification? No\n\nTask: Sort it.\nIs it classification?");
  }

  @Test
  void outputFirstHasSixteenTasksWithTheAuthorsLabelCounts() {
    // SI-23: output_first_template_for_clf: 16 tasks; "Class label:" lines per task in source order.
    int[] authorsLabels = {3, 2, 2, 2, 2, 2, 4, 2, 3, 2, 2, 2, 1, 2, 2, 1};
    List<String> tasks = workedTasks(PromptTemplates.SELF_INSTRUCT_INSTANCES_OUTPUT_FIRST);
    assertThat(tasks).hasSize(16);
    Pattern label = Pattern.compile("(?m)^Class label: ");
    for (int i = 0; i < tasks.size(); i++) {
      assertThat(count(label, tasks.get(i))).as("task %d: %s", i + 1, tasks.get(i)).isEqualTo(authorsLabels[i]);
    }
  }

  @Test
  void inputFirstHasElevenTasksWithTheAuthorsExampleCounts() {
    // SI-23: input_first_template_for_gen: 11 tasks; "Example N" blocks per task (0 = "Output:" directly).
    int[] authorsExamples = {0, 1, 0, 2, 2, 1, 1, 2, 0, 2, 0};
    List<String> tasks = workedTasks(PromptTemplates.SELF_INSTRUCT_INSTANCES_INPUT_FIRST);
    assertThat(tasks).hasSize(11);
    Pattern example = Pattern.compile("(?m)^Example \\d+$");
    for (int i = 0; i < tasks.size(); i++) {
      String task = tasks.get(i);
      assertThat(count(example, task)).as("task %d: %s", i + 1, task).isEqualTo(authorsExamples[i]);
      if (authorsExamples[i] == 0) {
        assertThat(task.lines().toList().get(1)).as(task).startsWith("Output:");
      }
    }
    // SI-23: template + " " + instruction.strip() + "\n"
    assertThat(SelfInstructInstances.instancePrompt(T.template(PromptTemplates.SELF_INSTRUCT_INSTANCES_INPUT_FIRST), " Do X. "))
        .endsWith("\n\nTask: Do X.\n");
  }
}
