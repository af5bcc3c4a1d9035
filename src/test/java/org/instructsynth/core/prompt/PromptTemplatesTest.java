package org.instructsynth.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.instructsynth.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptTemplatesTest {

  @Test
  void everyShippedTemplateLoadsAndCompiles() {
    PromptTemplates templates = PromptTemplates.classpath();
    for (String name : PromptTemplates.NAMES) {
      Template t = templates.template(name);
      assertThat(t.name()).isEqualTo(name);
      assertThat(t.source()).doesNotContain("\r").doesNotEndWith("\n\n\n");
    }
  }

  @Test
  void overrideFileWinsAndOthersFallBack(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve(PromptTemplates.SELF_INSTRUCT_INSTRUCTIONS + ".txt"),
        "Tasks:\r\n{instructions}{next_number}.\r\n",
        StandardCharsets.UTF_8);
    PromptTemplates templates = PromptTemplates.withOverrides(dir);
    assertThat(templates.text(PromptTemplates.SELF_INSTRUCT_INSTRUCTIONS)).isEqualTo("Tasks:\n{instructions}{next_number}.");
    assertThat(templates.text(PromptTemplates.SELF_INSTRUCT_INSTRUCTIONS_CLF))
        .startsWith("Write a list of new and varied classification tasks,");
  }

  @Test
  void shippedTemplatesHaveTheExpectedSlots() {
    PromptTemplates.classpath().validate();
    assertThat(PromptTemplates.EXPECTED_SLOTS.keySet()).containsExactlyInAnyOrderElementsOf(PromptTemplates.NAMES);
  }

  @Test
  void validateReportsEveryBrokenOverride(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("distill-judge.txt"), "Rate {answer}", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("self-guide-output-system.txt"), "Do {instruction", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> PromptTemplates.withOverrides(dir).validate())
        .isInstanceOf(UserError.class)
        .hasMessage(
            "invalid prompt templates (override directory " + dir.toAbsolutePath() + "):\n"
                + "  template 'self-guide-output-system': unterminated '{' at offset 3 (write '{{' for a literal brace)\n"
                + "  template 'distill-judge' has slots [answer], expected [answer, request]");
  }

  @Test
  void unknownNameAndMissingDirectoryAreErrors(@TempDir Path dir) {
    assertThatThrownBy(() -> PromptTemplates.classpath().text("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no prompt template 'nope' (looked for classpath /prompts/nope.txt)");
    assertThatThrownBy(() -> PromptTemplates.classpath().text("../etc/passwd"))
        .hasMessage("invalid prompt template name '../etc/passwd'");
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> PromptTemplates.withOverrides(missing))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("does not exist or is not a directory");
  }

  @Test
  void oneFinalNewlineIsNotPartOfTheTemplate() {
    assertThat(PromptTemplates.normalise("a\r\nb\n")).isEqualTo("a\nb");
    assertThat(PromptTemplates.normalise("a\n\n")).isEqualTo("a\n");
    assertThat(PromptTemplates.normalise("\uFEFFa")).isEqualTo("a");
    assertThat(Template.compile("t", PromptTemplates.normalise("x {y}\n")).render(Map.of("y", "1"))).isEqualTo("x 1");
  }
}
