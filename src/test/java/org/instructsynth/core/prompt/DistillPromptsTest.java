package org.instructsynth.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.instructsynth.core.prompt.DistillPrompts.Translation;
import org.junit.jupiter.api.Test;

class DistillPromptsTest {
  private static final PromptTemplates T = PromptTemplates.classpath();
  private static final Template TEACH_IN = T.template(PromptTemplates.DISTILL_TEACHER_INPUT);
  private static final Template TEACH_NO = T.template(PromptTemplates.DISTILL_TEACHER_NO_INPUT);
  private static final Template TR_IN = T.template(PromptTemplates.DISTILL_TRANSLATE);
  private static final Template TR_NO = T.template(PromptTemplates.DISTILL_TRANSLATE_NO_INPUT);

  /** Alpaca's PROMPT_DICT structure (one framing sentence, ### Instruction / ### Input / ### Response), our words. */
  @Test
  void teacherUsesTheAlpacaPromptStructure() {
    assertThat(DistillPrompts.teacherMessages(TEACH_IN, TEACH_NO, "", "Add the numbers.", "2, 3"))
        .containsExactly(
            ChatMessage.user(
                "The request below describes a task and comes with an input that gives it more context."
                    + " Write a reply that carries out the request well.\n\n"
                    + "### Instruction:\nAdd the numbers.\n\n### Input:\n2, 3\n\n### Response:"));
    assertThat(DistillPrompts.teacherMessages(TEACH_IN, TEACH_NO, "You are a helpful assistant.", " Name a color. ", " "))
        .containsExactly(
            ChatMessage.system("You are a helpful assistant."),
            ChatMessage.user(
                "The request below describes a task. Write a reply that carries out the request well."
                    + "\n\n### Instruction:\nName a color.\n\n### Response:"));
  }

  @Test
  void translationPrompts() {
    assertThat(DistillPrompts.translationPrompt(TR_IN, TR_NO, "zh", "Summarize the text.", "The cat sat."))
        .isEqualTo(
            "Translate the instruction and the input below into Chinese. Keep the meaning exact, and keep code,"
                + " numbers, proper names and formatting unchanged. Do not answer or carry out the instruction; only"
                + " translate it.\n\nReply in exactly this form, with nothing before or after it:\n"
                + "Instruction: <the translated instruction>\nInput: <the translated input>\n\n"
                + "Instruction: Summarize the text.\nInput: The cat sat.");
    assertThat(DistillPrompts.translationPrompt(TR_IN, TR_NO, "de", "Name a color.", ""))
        .isEqualTo(
            "Translate the instruction below into German. Keep the meaning exact, and keep code, numbers, proper"
                + " names and formatting unchanged. Do not answer or carry out the instruction; only translate it.\n\n"
                + "Reply in exactly this form, with nothing before or after it:\n"
                + "Instruction: <the translated instruction>\n\nInstruction: Name a color.");
    assertThatThrownBy(() -> DistillPrompts.languageName("qqq"))
        .hasMessage("unknown language code 'qqq' (use an ISO 639-1 code such as zh)");
  }

  @Test
  void parsesTranslations() {
    assertThat(DistillPrompts.parseTranslation("Instruction: 总结这段文字。\nInput: 猫坐着。", true).items())
        .containsExactly(new Translation("总结这段文字。", "猫坐着。"));
    assertThat(
            DistillPrompts.parseTranslation(
                    "Sure, here it is:\r\n\r\n**Instruction:** 把列表排序。\r\n**Input:**\r\n3, 1, 2\r\nInput: x\r\n", true)
                .items())
        .containsExactly(new Translation("把列表排序。", "3, 1, 2\nInput: x"));
    assertThat(DistillPrompts.parseTranslation("Instruction: 说出一种颜色。", false).items())
        .containsExactly(new Translation("说出一种颜色。", ""));
  }

  @Test
  void malformedTranslations() {
    assertThat(DistillPrompts.parseTranslation("总结这段文字。", true).rejects())
        .containsExactly(new Reject("unparseable_response", "no 'Instruction:' line", "总结这段文字。"));
    assertThat(DistillPrompts.parseTranslation("Instruction: 总结。", true).rejects())
        .containsExactly(new Reject("unparseable_response", "no translated input after 'Input:'", "Instruction: 总结。"));
    assertThat(DistillPrompts.parseTranslation("Instruction:\nInput: x", true).rejects())
        .extracting(Reject::detail)
        .containsExactly("empty translated instruction");
  }

  @Test
  void judgePrompt() {
    Template judge = T.template(PromptTemplates.DISTILL_JUDGE);
    assertThat(DistillPrompts.judgePrompt(judge, "Add the numbers.", "2, 3", " 5\n"))
        .isEqualTo(
            "You are reviewing an answer that an AI assistant gave to a user's request. Judge how helpful, relevant,"
                + " accurate and detailed the answer is, and rate it on a scale of 1 to 10, where 1 means useless or"
                + " wrong and 10 means excellent.\n\n[Request]\nAdd the numbers.\n\n2, 3\n\n[Answer]\n5\n\n"
                + "First give a one-sentence justification. Then write your rating on the last line, in the form"
                + " \"Score: N\".");
    assertThat(DistillPrompts.judgePrompt(judge, "Name a color.", "", "Blue")).contains("[Request]\nName a color.\n\n[Answer]\nBlue\n\n");
  }

  /** The judge of distill.judge.mode together: the request once, then every answer as a numbered block. */
  @Test
  void judgeAllShowsEveryAnswerNumberedInCandidateOrder() {
    Template all = T.template(PromptTemplates.DISTILL_JUDGE_ALL);
    String prompt = DistillPrompts.judgeAllPrompt(all, " Add the numbers. ", "2, 3", List.of(" 5 ", "It is 5.", "6"));
    assertThat(prompt).startsWith("You are comparing 3 answers")
        .contains("[Request]\nAdd the numbers.\n\n2, 3\n\n[Answer 1]\n5\n\n[Answer 2]\nIt is 5.\n\n[Answer 3]\n6\n\nFirst give")
        .endsWith("\"Answer N: score\", e.g. \"Answer 1: 7\".");
  }
}
