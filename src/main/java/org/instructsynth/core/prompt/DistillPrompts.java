package org.instructsynth.core.prompt;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-4-LLM style distillation (Peng et al. 2023, Instruction-Tuning-with-GPT-4/GPT-4-LLM): a teacher
 * answers Alpaca-format instructions, instructions can be translated first (the paper's Chinese
 * set), and a judge scores answers from 1 to 10 to build comparison data.
 */
public final class DistillPrompts {
  private DistillPrompts() {}

  /**
   * The teacher request: an optional system turn ({@code systemPrompt}, omitted when blank), then one
   * user turn with the Alpaca prompt (tatsu-lab/stanford_alpaca {@code train.py} {@code PROMPT_DICT}),
   * the with-input variant when {@code input} is not blank.
   *
   * @param withInput {@link PromptTemplates#DISTILL_TEACHER_INPUT}, slots {@code instruction}, {@code input}
   * @param noInput {@link PromptTemplates#DISTILL_TEACHER_NO_INPUT}, slot {@code instruction}
   */
  public static List<ChatMessage> teacherMessages(
      Template withInput, Template noInput, String systemPrompt, String instruction, String input) {
    List<ChatMessage> messages = new ArrayList<>();
    if (systemPrompt != null && !systemPrompt.isBlank()) {
      messages.add(ChatMessage.system(systemPrompt));
    }
    String user =
        input == null || input.isBlank()
            ? noInput.render(Map.of("instruction", instruction.strip()))
            : withInput.render(Map.of("instruction", instruction.strip(), "input", input.strip()));
    messages.add(ChatMessage.user(user));
    return messages;
  }

  /** The English name of a language code for the prompt: {@code zh} gives {@code Chinese}. */
  public static String languageName(String code) {
    String name = Locale.forLanguageTag(code).getDisplayLanguage(Locale.ENGLISH);
    if (name.isEmpty() || name.equalsIgnoreCase(code)) {
      throw new IllegalArgumentException("unknown language code '" + code + "' (use an ISO 639-1 code such as zh)");
    }
    return name;
  }

  /**
   * The translation request for an instruction and its input.
   *
   * @param withInput {@link PromptTemplates#DISTILL_TRANSLATE}, slots {@code language},
   *     {@code instruction}, {@code input}
   * @param noInput {@link PromptTemplates#DISTILL_TRANSLATE_NO_INPUT}, slots {@code language},
   *     {@code instruction}; used when {@code input} is blank
   */
  public static String translationPrompt(
      Template withInput, Template noInput, String languageCode, String instruction, String input) {
    Map<String, String> values = new HashMap<>();
    values.put("language", languageName(languageCode));
    values.put("instruction", instruction.strip());
    if (input == null || input.isBlank()) {
      return noInput.render(values);
    }
    values.put("input", input.strip());
    return withInput.render(values);
  }

  /** A translated instruction and input (empty when there was none). */
  public record Translation(String instruction, String input) implements Serializable {}

  private static final Pattern INSTRUCTION_LINE = Pattern.compile("(?m)^[ \\t*#]*Instruction[ \\t*]*:[ \\t*]*");
  private static final Pattern INPUT_LINE = Pattern.compile("(?m)^[ \\t*#]*Input[ \\t*]*:[ \\t*]*");

  /**
   * Parses the translation answer: the text after the first line starting with {@code Instruction:}
   * (markdown bold or heading marks allowed) up to the first later line starting with {@code Input:}
   * is the instruction; the rest is the input. Text before the {@code Instruction:} line is ignored
   * (chatter). Unparseable when the {@code Instruction:} line is missing, when the translated
   * instruction is empty, or when {@code expectInput} and there is no non-empty input.
   */
  public static Parsed<Translation> parseTranslation(String response, boolean expectInput) {
    String text = Texts.normaliseNewlines(response);
    Matcher im = INSTRUCTION_LINE.matcher(text);
    if (!im.find()) {
      return Parsed.unparseable("no 'Instruction:' line", text);
    }
    String rest = text.substring(im.end());
    Matcher in = INPUT_LINE.matcher(rest);
    String instruction;
    String input = "";
    if (in.find()) {
      instruction = rest.substring(0, in.start()).strip();
      input = rest.substring(in.end()).strip();
    } else {
      instruction = rest.strip();
    }
    if (instruction.isEmpty()) {
      return Parsed.unparseable("empty translated instruction", text);
    }
    if (expectInput && input.isEmpty()) {
      return Parsed.unparseable("no translated input after 'Input:'", text);
    }
    return Parsed.of(List.of(new Translation(instruction, expectInput ? input : "")), List.of());
  }

  /**
   * The judge request for one answer; the request shown is the instruction, followed by a blank line
   * and the input when there is one.
   *
   * @param template {@link PromptTemplates#DISTILL_JUDGE}, slots {@code request}, {@code answer}
   */
  public static String judgePrompt(Template template, String instruction, String input, String answer) {
    String request =
        input == null || input.isBlank() ? instruction.strip() : instruction.strip() + "\n\n" + input.strip();
    return template.render(Map.of("request", request, "answer", answer.strip()));
  }

  /**
   * The judge request for all candidate answers of one instruction ({@code distill.judge.mode:
   * together}): the request as in {@link #judgePrompt}, and the answers as blocks {@code [Answer 1]},
   * {@code [Answer 2]}, ... separated by blank lines, in candidate order.
   *
   * @param template {@link PromptTemplates#DISTILL_JUDGE_ALL}, slots {@code count}, {@code request}, {@code answers}
   */
  public static String judgeAllPrompt(Template template, String instruction, String input, List<String> answers) {
    String request =
        input == null || input.isBlank() ? instruction.strip() : instruction.strip() + "\n\n" + input.strip();
    StringBuilder blocks = new StringBuilder();
    for (int i = 0; i < answers.size(); i++) {
      if (i > 0) {
        blocks.append("\n\n");
      }
      blocks.append("[Answer ").append(i + 1).append("]\n").append(answers.get(i).strip());
    }
    return template.render(Map.of("count", Integer.toString(answers.size()), "request", request, "answers", blocks.toString()));
  }
}
