package org.instructsynth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.instructsynth.core.prompt.PromptTemplates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prompts.dir}: a directory of {@code <template>.txt} files that replace the shipped prompts of
 * the same name (to run the authors' exact prompt files); checked when the configuration is read.
 */
class PromptsDirTest {
  @TempDir Path dir;

  private Path config(String promptsDir) throws IOException {
    Path p = dir.resolve("c.yaml");
    Files.writeString(p, "recipe: self-instruct\ninput: {path: seeds.jsonl}\noutput: {path: out}\nprompts: {dir: '" + promptsDir + "'}\n");
    return p;
  }

  @Test
  void aFileInTheDirectoryReplacesTheShippedTemplateOfItsNameAndOnlyThatOne() throws IOException {
    Path prompts = Files.createDirectories(dir.resolve("authors"));
    Files.writeString(prompts.resolve("self-instruct-instructions.txt"), "Come up with a series of tasks:\n{instructions}{next_number}.\n");
    JobConfig cfg = ConfigLoader.load(config(prompts.toString()), List.of());
    assertThat(cfg.promptsDir()).isEqualTo(prompts.toString());
    assertThat(cfg.prompts().text(PromptTemplates.SELF_INSTRUCT_INSTRUCTIONS))
        .isEqualTo("Come up with a series of tasks:\n{instructions}{next_number}.");
    assertThat(cfg.prompts().text(PromptTemplates.SELF_INSTRUCT_CLF_CHECK))
        .isEqualTo(PromptTemplates.classpath().text(PromptTemplates.SELF_INSTRUCT_CLF_CHECK));
  }

  @Test
  void withoutTheKeyTheShippedTemplatesAreUsed() throws IOException {
    Path p = dir.resolve("plain.yaml");
    Files.writeString(p, "recipe: self-instruct\ninput: {path: seeds.jsonl}\noutput: {path: out}\n");
    JobConfig cfg = ConfigLoader.load(p, List.of());
    assertThat(cfg.promptsDir()).isEmpty();
    assertThat(cfg.prompts().overrideDir()).isEmpty();
  }

  @Test
  void aMissingDirectoryAMisnamedFileAndAWrongSlotAreConfigurationProblems() throws IOException {
    ConfigException missing = catchThrowableOfType(() -> ConfigLoader.load(config(dir.resolve("nope").toString()), List.of()),
        ConfigException.class);
    assertThat(missing.problems()).singleElement().asString()
        .startsWith("prompts.dir: '" + dir.resolve("nope") + "' is not a directory");

    Path prompts = Files.createDirectories(dir.resolve("bad"));
    Files.writeString(prompts.resolve("self-instruct-instruction.txt"), "typo in the name {instructions}{next_number}.");
    Files.writeString(prompts.resolve("self-instruct-clf-check.txt"), "Task: {task}\nIs it classification?");
    ConfigException bad = catchThrowableOfType(() -> ConfigLoader.load(config(prompts.toString()), List.of()), ConfigException.class);
    assertThat(bad.problems()).hasSize(2);
    assertThat(bad.problems().get(0)).startsWith("prompts.dir: has 'self-instruct-instruction.txt', which replaces no prompt; rename it")
        .contains("self-instruct-instructions.txt");
    assertThat(bad.problems().get(1)).startsWith("prompts.dir: invalid prompt templates (override directory")
        .contains("template 'self-instruct-clf-check' has slots [task], expected [instruction]");
  }
}
