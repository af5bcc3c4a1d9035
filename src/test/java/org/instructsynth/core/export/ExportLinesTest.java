package org.instructsynth.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.instructsynth.core.io.Json;
import org.instructsynth.core.prompt.DistillPrompts;
import org.instructsynth.core.prompt.PromptTemplates;
import org.instructsynth.core.prompt.Template;
import org.instructsynth.testing.ExportSchemas;
import org.junit.jupiter.api.Test;

/** The pure mapping: every format, with and without input, system prompt and conversational style, against its schema. */
class ExportLinesTest {
  private static final String INS = "Translate the sentence into French.";
  private static final String IN = "The cat sleeps.";
  private static final String OUT = "Le chat dort.";
  private static final PromptTemplates TEMPLATES = PromptTemplates.classpath();

  private static List<UserPrompt> prompts() {
    Template t = Template.compile("t", "### Task\n{instruction}\n### Input\n{input}");
    Template n = Template.compile("n", "### Task\n{instruction}");
    return List.of(UserPrompt.plain(),
        UserPrompt.alpaca(TEMPLATES.template(PromptTemplates.DISTILL_TEACHER_INPUT),
            TEMPLATES.template(PromptTemplates.DISTILL_TEACHER_NO_INPUT)),
        UserPrompt.template(t, n));
  }

  @Test
  void everyExampleFormatIsValidForEveryVariant() throws Exception {
    int checked = 0;
    for (UserPrompt p : prompts()) {
      for (String system : List.of("", "You are a careful assistant.")) {
        for (boolean conversational : List.of(false, true)) {
          ExportLines lines = new ExportLines(p, system, conversational);
          for (ExportFormat f : ExportFormat.values()) {
            for (String input : new String[] {IN, "", null}) {
              String line = f.preference()
                  ? lines.preference(f, INS, input, OUT, "Le chien.")
                  : lines.example(f, INS, input, OUT);
              assertThat(ExportSchemas.problems(f.id(), line)).as(f.id() + ": " + line).isEmpty();
              assertThat(line).doesNotContain("\n");
              checked++;
            }
          }
        }
      }
    }
    assertThat(checked).isEqualTo(3 * 2 * 2 * ExportFormat.values().length * 3);
  }

  @Test
  void messagesCarrySystemUserAndAssistantInOrder() throws Exception {
    JsonNode line = Json.MAPPER.readTree(new ExportLines(UserPrompt.plain(), "Be brief.", false)
        .example(ExportFormat.MESSAGES, INS, IN, OUT));
    JsonNode m = line.path("messages");
    assertThat(roles(m)).containsExactly("system", "user", "assistant");
    assertThat(m.get(0).path("content").asText()).isEqualTo("Be brief.");
    assertThat(m.get(1).path("content").asText()).isEqualTo(INS + "\n\n" + IN);
    assertThat(m.get(2).path("content").asText()).isEqualTo(OUT);

    JsonNode noSystem = Json.MAPPER.readTree(new ExportLines(UserPrompt.plain(), "", false)
        .example(ExportFormat.MESSAGES, INS, "  ", OUT));
    assertThat(roles(noSystem.path("messages"))).containsExactly("user", "assistant");
    assertThat(noSystem.path("messages").get(0).path("content").asText()).isEqualTo(INS);
  }

  @Test
  void distillDefaultIsTheTeachersPromptText() throws Exception {
    Template with = TEMPLATES.template(PromptTemplates.DISTILL_TEACHER_INPUT);
    Template without = TEMPLATES.template(PromptTemplates.DISTILL_TEACHER_NO_INPUT);
    ExportLines lines = new ExportLines(UserPrompt.alpaca(with, without), "", false);
    for (String input : List.of(IN, "")) {
      String teacher = DistillPrompts.teacherMessages(with, without, "", INS, input).get(0).content();
      JsonNode line = Json.MAPPER.readTree(lines.example(ExportFormat.PROMPT_COMPLETION, INS, input, OUT));
      assertThat(line.path("prompt").asText()).isEqualTo(teacher).startsWith("The request below describes a task");
      assertThat(line.path("completion").asText()).isEqualTo(OUT);
    }
  }

  @Test
  void plainStylesPutTheSystemPromptFirstAndConversationalOnesUseTurns() throws Exception {
    ExportLines plain = new ExportLines(UserPrompt.plain(), "SYS", false);
    JsonNode pc = Json.MAPPER.readTree(plain.example(ExportFormat.PROMPT_COMPLETION, INS, IN, OUT));
    assertThat(pc.path("prompt").asText()).isEqualTo("SYS\n\n" + INS + "\n\n" + IN);
    JsonNode dpo = Json.MAPPER.readTree(plain.preference(ExportFormat.DPO, INS, IN, "good", "bad"));
    assertThat(dpo.path("prompt").asText()).isEqualTo("SYS\n\n" + INS + "\n\n" + IN);
    assertThat(dpo.path("chosen").asText()).isEqualTo("good");
    assertThat(dpo.path("rejected").asText()).isEqualTo("bad");

    ExportLines conv = new ExportLines(UserPrompt.plain(), "SYS", true);
    JsonNode cdpo = Json.MAPPER.readTree(conv.preference(ExportFormat.DPO, INS, IN, "good", "bad"));
    assertThat(roles(cdpo.path("prompt"))).containsExactly("system", "user");
    assertThat(cdpo.path("chosen").get(0).path("content").asText()).isEqualTo("good");
    JsonNode oai = Json.MAPPER.readTree(conv.preference(ExportFormat.OPENAI_PREFERENCE, INS, IN, "good", "bad"));
    assertThat(roles(oai.path("input").path("messages"))).containsExactly("system", "user");
    assertThat(oai.path("preferred_output").get(0).path("content").asText()).isEqualTo("good");
    assertThat(oai.path("non_preferred_output").get(0).path("content").asText()).isEqualTo("bad");
  }

  @Test
  void alpacaKeepsTheRawFieldsAndSharegptUsesHumanAndGpt() throws Exception {
    ExportLines lines = new ExportLines(UserPrompt.plain(), "SYS", false);
    JsonNode a = Json.MAPPER.readTree(lines.example(ExportFormat.ALPACA, INS, null, OUT));
    assertThat(a.path("instruction").asText()).isEqualTo(INS);
    assertThat(a.path("input").asText()).isEmpty();
    assertThat(a.path("output").asText()).isEqualTo(OUT);
    assertThat(a.path("system").asText()).isEqualTo("SYS");
    JsonNode s = Json.MAPPER.readTree(lines.example(ExportFormat.SHAREGPT, INS, IN, OUT));
    assertThat(s.path("conversations").get(0).path("from").asText()).isEqualTo("human");
    assertThat(s.path("conversations").get(0).path("value").asText()).isEqualTo(INS + "\n\n" + IN);
    assertThat(s.path("conversations").get(1).path("from").asText()).isEqualTo("gpt");
    assertThat(s.path("system").asText()).isEqualTo("SYS");
  }

  @Test
  void schemasRejectWhatTheToolsReject() {
    assertThat(ExportSchemas.problems("messages", "{\"messages\":[{\"role\":\"assistant\",\"content\":\"x\"}]}")).isNotEmpty();
    assertThat(ExportSchemas.problems("messages",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"\"}]}")).isNotEmpty();
    assertThat(ExportSchemas.problems("dpo", "{\"prompt\":\"p\",\"chosen\":\"c\"}")).isNotEmpty();
    assertThat(ExportSchemas.problems("openai-preference",
        "{\"input\":{\"messages\":[]},\"preferred_output\":[],\"non_preferred_output\":[]}")).isNotEmpty();
    assertThat(ExportSchemas.problems("sharegpt",
        "{\"conversations\":[{\"from\":\"user\",\"value\":\"q\"},{\"from\":\"gpt\",\"value\":\"a\"}]}")).isNotEmpty();
  }

  @Test
  void userTemplatesMustHaveTheInstructionSlotAndNoOther() {
    assertThat(UserPrompt.problem(Template.compile("a", "{input}"))).contains("{instruction}");
    assertThat(UserPrompt.problem(Template.compile("b", "{instruction} {output}"))).contains("{output}");
    assertThat(UserPrompt.problem(Template.compile("c", "Q: {instruction}"))).isNull();
    assertThatThrownBy(() -> UserPrompt.template(Template.compile("d", "{input}"), Template.compile("d", "{input}")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ExportLines(UserPrompt.plain(), "", false).example(ExportFormat.DPO, INS, IN, OUT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<String> roles(JsonNode messages) {
    List<String> out = new ArrayList<>();
    messages.forEach(m -> out.add(m.path("role").asText()));
    return out;
  }
}
