package org.instructsynth.core.prompt;

import org.instructsynth.core.filter.ReasonCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.instructsynth.core.Instance;
import org.instructsynth.core.text.PythonText;

/**
 * Self-Instruct's classification check and instance generation: prompt builders and parsers
 * (yizhongw/self-instruct {@code identify_clf_or_not.py}, {@code generate_instances.py},
 * {@code templates/clf_task_template.py}, {@code templates/instance_gen_template.py}, and the parsers
 * of {@code prepare_for_finetuning.py}). The instance filters are in
 * {@code org.instructsynth.core.recipe.SelfInstructInstanceFilter}.
 */
public final class SelfInstructInstances {
  private SelfInstructInstances() {}

  /**
   * The yes/no prompt: the few-shot list, then {@code "Task: <instruction>\nIs it classification?"}.
   *
   * @param template {@link PromptTemplates#SELF_INSTRUCT_CLF_CHECK}, slot {@code instruction}
   */
  public static String classificationCheckPrompt(Template template, String instruction) {
    return template.render(Map.of("instruction", instruction.strip()));
  }

  /**
   * The instance prompt: output-first (class label, then an input) for classification tasks,
   * input-first otherwise; both end with {@code "Task: <instruction>\n"}.
   *
   * @param template {@link PromptTemplates#SELF_INSTRUCT_INSTANCES_OUTPUT_FIRST} or
   *     {@link PromptTemplates#SELF_INSTRUCT_INSTANCES_INPUT_FIRST}, slot {@code instruction}
   */
  public static String instancePrompt(Template template, String instruction) {
    return template.render(Map.of("instruction", instruction.strip()));
  }

  /** The answers that mean "classification": identify_clf_or_not.py and its readers compare with exactly these. */
  private static final java.util.Set<String> YES = java.util.Set.of("Yes", "yes", "YES");

  /**
   * Reads the answer to the classification check as the authors do (generate_instances.py L99,
   * prepare_for_finetuning.py L211: {@code answer.strip() in ["Yes", "yes", "YES"]}): after Python's
   * {@code strip()}, exactly {@code Yes}, {@code yes} or {@code YES} is a classification task;
   * everything else ({@code No}, {@code I think no}, {@code Yes.}, {@code **Yes**}, an empty answer)
   * is not. Never a reject: every answer is a decision. A failed request never gets here (it is an
   * LLM reject, see {@code SelfInstructCalls.Classify}).
   */
  public static boolean isClassification(String response) {
    return response != null && YES.contains(PythonText.strip(response));
  }

  private static final Pattern EXAMPLE = Pattern.compile("Example\\s?\\d*\\s*[.:]?");
  private static final Pattern OUTPUT = Pattern.compile("Output\\s*\\d*\\s*:");
  private static final Pattern INPUT = Pattern.compile("Input\\s*\\d*\\s*:");
  private static final Pattern LEADING_INPUT = Pattern.compile("\\AInput\\s*\\d*\\s*:");

  /**
   * Parses input-first instances ({@code parse_instances_for_generation_task}): split at
   * {@code Example N}, each piece into input and output at the first {@code Output:} (the output is
   * cut at a following {@code Input:}, the input loses a leading {@code Input:} label); without any
   * {@code Example} marker a response with an {@code Output:} is one instance; otherwise the
   * response is {@code unparseable_response}. With {@code finishReason} {@code length} the last
   * instance is rejected as {@code truncated}. One deviation: the example marker may end in a colon
   * ({@code "Example 1:"}), which chat models write.
   */
  public static Parsed<Instance> parseGenerationInstances(String response, String finishReason) {
    String text = Texts.normaliseNewlines(response).strip();
    List<Instance> items = new ArrayList<>();
    if (EXAMPLE.matcher(text).find()) {
      for (String piece : EXAMPLE.split(text, -1)) {
        if (!piece.isBlank()) {
          items.add(inputOutput(piece.strip()));
        }
      }
    } else if (OUTPUT.matcher(text).find()) {
      items.add(inputOutput(text));
    } else {
      return Parsed.unparseable("no 'Example' or 'Output:' marker", text);
    }
    return dropTruncated(items, finishReason);
  }

  /**
   * Parses output-first instances ({@code parse_instances_for_classification_task}): every
   * {@code Class label:} starts an instance; its first line is the label (the output) and the rest
   * the input (empty if there is no rest). No {@code Class label:} at all is
   * {@code unparseable_response}. With {@code finishReason} {@code length} the last instance is
   * rejected as {@code truncated}.
   */
  public static Parsed<Instance> parseClassificationInstances(String response, String finishReason) {
    String text = Texts.normaliseNewlines(response);
    String marker = "Class label:";
    if (!text.contains(marker)) {
      return Parsed.unparseable("no 'Class label:' marker", text);
    }
    String[] pieces = text.split(Pattern.quote(marker), -1);
    List<Instance> items = new ArrayList<>();
    for (int i = 1; i < pieces.length; i++) {
      String piece = pieces[i].strip();
      int nl = piece.indexOf('\n');
      String label = nl < 0 ? piece : piece.substring(0, nl).strip();
      String input = nl < 0 ? "" : piece.substring(nl + 1).strip();
      items.add(new Instance(input, label));
    }
    return dropTruncated(items, finishReason);
  }

  private static Parsed<Instance> dropTruncated(List<Instance> items, String finishReason) {
    List<Reject> rejects = new ArrayList<>();
    if ("length".equals(finishReason) && !items.isEmpty()) {
      Instance last = items.remove(items.size() - 1);
      rejects.add(
          new Reject(
              ReasonCodes.TRUNCATED,
              "finish_reason=length: last instance cut off",
              "input: " + last.input() + "\noutput: " + last.output()));
    }
    return Parsed.of(items, rejects);
  }

  /** {@code parse_input_output} of prepare_for_finetuning.py. */
  static Instance inputOutput(String text) {
    String input;
    String output;
    if (OUTPUT.matcher(text).find()) {
      String[] parts = OUTPUT.split(text, -1);
      input = parts[0].strip();
      output = parts[1].strip();
    } else {
      input = "";
      output = text.strip();
    }
    Matcher in = INPUT.matcher(output);
    if (in.find()) {
      output = output.substring(0, in.start()).strip();
    }
    input = LEADING_INPUT.matcher(input).replaceFirst("").strip();
    return new Instance(input, output);
  }
}
