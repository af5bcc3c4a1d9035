package org.instructsynth.core.prompt;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.instructsynth.core.Instance;
import org.instructsynth.core.SeedTask;
import org.instructsynth.core.Seeds;
import org.instructsynth.core.text.PythonText;

/**
 * SELF-GUIDE prompts (Zhao et al. 2024; zhaochenyang20/Prompt2Model-Self-Distill
 * {@code prompt2model/input_generator/vllm_prompt_based.py} {@code construct_generation_prompt} and
 * {@code prompt2model/output_annotator/vllm_prompt_based.py}). The input prompt is written in this
 * project's words; the structure follows the code: the instruction, every example input shuffled as
 * high-quality examples, 1 to 10 earlier generated inputs as low-quality ones ("N/A" when there are
 * none yet), each shown as {@code [input]="..."}, and for classification a target label drawn
 * uniformly. The annotation prompt is {@link #outputPrompt} (the paper's structure) or, as an option,
 * {@link #outputMessages} (chat turns). The rules are in {@code org.instructsynth.core.filter}.
 */
public final class SelfGuidePrompts {
  private SelfGuidePrompts() {}

  /**
   * A built input-generation prompt.
   *
   * @param targetLabel the label the new input should have; empty for generation tasks
   * @param lowQualityShown the earlier generated inputs shown, in prompt order
   */
  public record InputPrompt(String prompt, String targetLabel, List<String> lowQualityShown) implements Serializable {
    public InputPrompt {
      lowQualityShown = List.copyOf(lowQualityShown);
    }
  }

  /**
   * Builds one input-generation prompt for {@code task}. Draws from {@code Seeds.random(seed, round,
   * promptIndex)} in this order: the number k of low-quality examples (uniform in 1..min(pool, max)),
   * the k examples without replacement, the shuffle of the example inputs, then (classification
   * only) the target label, uniform over {@code task.labels()}.
   *
   * @param template {@link PromptTemplates#SELF_GUIDE_INPUT} (slots {@code instruction},
   *     {@code high_quality_inputs}, {@code low_quality_inputs}) or, for classification tasks,
   *     {@link PromptTemplates#SELF_GUIDE_INPUT_CLF} (also {@code target_label})
   * @param pool the inputs generated and kept so far
   * @throws IllegalArgumentException for a classification task without labels
   */
  public static InputPrompt inputPrompt(
      Template template,
      SeedTask task,
      List<String> pool,
      SelfGuideDefaults defaults,
      long seed,
      int round,
      int promptIndex) {
    return inputPrompt(template, task, pool, defaults, seed, round, promptIndex, prompt -> true);
  }

  /** How many times {@link #inputPrompt} draws the examples again for a prompt that does not {@code fit}. */
  public static final int MAX_DRAWS = 20;

  /**
   * {@link #inputPrompt} with the paper's context cutoff (SG-8, IG L124-140): a prompt that does not
   * {@code fit} (the caller's token estimate against {@code self-guide.context-cutoff}) is built again
   * from the next draws of the same random stream, up to {@link #MAX_DRAWS} times; the source loops
   * until one fits (forever when the examples alone are too long), here the shortest of the draws is
   * used then.
   */
  public static InputPrompt inputPrompt(
      Template template,
      SeedTask task,
      List<String> pool,
      SelfGuideDefaults defaults,
      long seed,
      int round,
      int promptIndex,
      Predicate<String> fits) {
    SplittableRandom rng = Seeds.random(seed, Long.toString(round), Long.toString(promptIndex));
    InputPrompt best = null;
    for (int draw = 0; draw < MAX_DRAWS; draw++) {
      InputPrompt p = draw(template, task, pool, defaults, rng);
      if (fits.test(p.prompt())) {
        return p;
      }
      best = best == null || p.prompt().length() < best.prompt().length() ? p : best;
    }
    return best;
  }

  private static InputPrompt draw(Template template, SeedTask task, List<String> pool, SelfGuideDefaults defaults,
      SplittableRandom rng) {
    List<String> low = List.of();
    if (!pool.isEmpty()) {
      int k = 1 + rng.nextInt(Math.min(pool.size(), defaults.maxLowQualityExamples()));
      low = Seeds.sample(pool, k, rng);
    }
    List<String> exampleInputs = new ArrayList<>();
    for (Instance inst : task.instances()) {
      exampleInputs.add(inst.input());
    }
    List<String> high = Seeds.shuffle(exampleInputs, rng);
    String label = "";
    if (task.isClassification()) {
      if (task.labels().isEmpty()) {
        throw new IllegalArgumentException(
            "SELF-GUIDE classification task '" + task.id() + "' has no labels; give 'labels' in the seed task");
      }
      label = task.labels().get(rng.nextInt(task.labels().size()));
    }
    return new InputPrompt(render(template, task.instruction(), high, low, label), label, low);
  }

  /** Renders the input prompt for fixed lists; {@code targetLabel} is only passed when non-empty. */
  public static String render(
      Template template, String instruction, List<String> highQuality, List<String> lowQuality, String targetLabel) {
    Map<String, String> values =
        targetLabel.isEmpty()
            ? Map.of(
                "instruction", instruction.strip(),
                "high_quality_inputs", inputList(highQuality),
                "low_quality_inputs", inputList(lowQuality))
            : Map.of(
                "instruction", instruction.strip(),
                "high_quality_inputs", inputList(highQuality),
                "low_quality_inputs", inputList(lowQuality),
                "target_label", targetLabel);
    return template.render(values);
  }

  /** {@code [input]="x"} followed by a blank line per input, or {@code N/A} and a blank line if none. */
  static String inputList(List<String> inputs) {
    if (inputs.isEmpty()) {
      return "N/A\n\n";
    }
    StringBuilder sb = new StringBuilder();
    for (String s : inputs) {
      sb.append("[input]=\"").append(s).append("\"\n\n");
    }
    return sb.toString();
  }

  /**
   * The generated input in a response to the input prompt. The paper keeps the text as generated,
   * only stripped (SG-14, IG L186-188, L310: Python's {@code str.strip()}). With {@code stripMarkers}
   * (option {@code self-guide.input-text: strip-markers}) line endings are normalised, a leading
   * {@code [input]=} and one pair of enclosing double quotes are removed too. May return the empty
   * string, which the {@code empty} filter then rejects.
   */
  public static String parseInput(String response, boolean stripMarkers) {
    if (!stripMarkers) {
      return PythonText.strip(response == null ? "" : response);
    }
    String s = Texts.normaliseNewlines(response).strip();
    if (s.startsWith("[input]=")) {
      s = s.substring("[input]=".length()).strip();
    }
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      s = s.substring(1, s.length() - 1).strip();
    }
    return s;
  }

  /**
   * The paper's annotation prompt (SG-15, output_annotator/prompt_template.py L23-31, L89-100), one
   * text for every task type: the template's header and instruction turn, then per example a line
   * {@code USER: [input] = x} and a line {@code ASSISTANT: y}, then the new input the same way and a
   * last line {@code ASSISTANT:}; the whole text stripped. The source's stray {@code None} after the
   * last example (an unset {@code few_shots_prompt} formatted in) is not reproduced.
   *
   * @param template {@link PromptTemplates#SELF_GUIDE_OUTPUT}, slots {@code instruction}, {@code
   *     examples}, {@code new_input}
   */
  public static String outputPrompt(Template template, SeedTask task, String newInput) {
    StringBuilder examples = new StringBuilder();
    for (Instance inst : task.instances()) {
      examples.append("USER: [input] = ").append(inst.input()).append('\n');
      examples.append("ASSISTANT: ").append(inst.output()).append('\n');
    }
    return PythonText.strip(template.render(Map.of("instruction", task.instruction(),
        "examples", PythonText.strip(examples.toString()), "new_input", newInput)));
  }

  /**
   * The chat for output generation: a system turn with the instruction, each example as a user turn
   * (its input) and an assistant turn (its output), then the new input as the last user turn.
   *
   * @param systemTemplate {@link PromptTemplates#SELF_GUIDE_OUTPUT_SYSTEM}, slot {@code instruction}
   */
  public static List<ChatMessage> outputMessages(Template systemTemplate, SeedTask task, String newInput) {
    List<ChatMessage> messages = new ArrayList<>();
    messages.add(ChatMessage.system(systemTemplate.render(Map.of("instruction", task.instruction().strip()))));
    for (Instance inst : task.instances()) {
      messages.add(ChatMessage.user(inst.input()));
      messages.add(ChatMessage.assistant(inst.output()));
    }
    messages.add(ChatMessage.user(newInput));
    return messages;
  }
}
