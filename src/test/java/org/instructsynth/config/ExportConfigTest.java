package org.instructsynth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code export.*} keys: defaults, switching off, and every problem reported with a fix. */
class ExportConfigTest {
  private static JobConfig load(String conf, String... overrides) {
    List<String> all = new java.util.ArrayList<>(List.of("output.path=/tmp/unused"));
    all.addAll(List.of(overrides));
    return ConfigLoader.load(Path.of(conf), all);
  }

  @Test
  void defaultsWriteMessagesOnlyWithTheRecipesPrompt() {
    ExportConfig e = load("conf/curate.yaml").export();
    assertThat(e.formats()).containsExactly("messages");
    assertThat(e.enabled()).isTrue();
    assertThat(e.singleFile()).isFalse();
    assertThat(e.promptTemplate()).isEmpty();
    assertThat(e.systemPrompt()).isEmpty();
    assertThat(e.conversational()).isFalse();
    assertThat(e.license()).isEqualTo("other");
    JobConfig c = load("conf/curate.yaml");
    assertThat(c.resolved().path("export").path("formats").toString()).isEqualTo("[\"messages\"]");
  }

  @Test
  void distillDefaultsToItsSystemPromptAndAcceptsPreferenceFormats() {
    JobConfig c = load("conf/distill-compare.yaml", "distill.system-prompt=Answer well.",
        "export.formats=[messages, dpo, openai-preference, dpo]", "export.style=conversational", "export.single-file=true",
        "export.license=cc-by-nc-4.0");
    assertThat(c.export().systemPrompt()).isEqualTo("Answer well.");
    assertThat(c.export().formats()).containsExactly("messages", "dpo", "openai-preference");
    assertThat(c.export().conversational()).isTrue();
    assertThat(c.export().singleFile()).isTrue();
    assertThat(c.export().license()).isEqualTo("cc-by-nc-4.0");
    assertThat(load("conf/distill.yaml", "distill.system-prompt=A", "export.system-prompt=").export().systemPrompt()).isEmpty();
  }

  @Test
  void anEmptyListSwitchesExportsOff() {
    assertThat(load("conf/curate.yaml", "export.formats=[]").export().enabled()).isFalse();
  }

  @Test
  void everyProblemIsReportedWithAFix() {
    assertThatThrownBy(() -> load("conf/curate.yaml", "export.formats=[mesages, dpo]", "export.prompt-template=Input: {input}",
        "export.prompt-template-no-input=Q: {instruction} {output}", "export.style=chat", "export.licence=mit"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("export.formats: 'mesages' is not an export format; did you mean 'messages'?")
        .hasMessageContaining("'dpo' is made from the comparisons table")
        .hasMessageContaining("export.prompt-template: has no {instruction} slot")
        .hasMessageContaining("export.prompt-template-no-input: has the slot {output}")
        .hasMessageContaining("export.style: must be one of [plain, conversational]")
        .hasMessageContaining("export.licence: is not a known key in 'export'; did you mean 'license'?");
    assertThatThrownBy(() -> load("conf/distill.yaml", "distill.judge.enabled=false", "export.formats=[dpo]"))
        .hasMessageContaining("judge off");
    assertThatThrownBy(() -> load("conf/curate.yaml", "export.prompt-template={instruction"))
        .hasMessageContaining("export.prompt-template: template 'export.prompt-template': unterminated '{'");
  }
}
