package org.instructsynth.core.prompt;

import org.instructsynth.core.filter.ReasonCodes;
import org.instructsynth.core.text.PythonText;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.instructsynth.core.Instance;
import org.instructsynth.core.SeedTask;
import org.instructsynth.core.Seeds;

/**
 * Alpaca-style instruction generation: the prompt of {@code prompt.txt} plus three example tasks as
 * {@code ###}-separated instruction/input/output blocks, and the parser of the blocks the model
 * continues with (tatsu-lab/stanford_alpaca {@code generate_instruction.py}, {@code encode_prompt}
 * and {@code post_process_gpt3_response}). Word-count and keyword filters are separate filters.
 */
public final class AlpacaPrompts {
  private AlpacaPrompts() {}

  /** One generated task; {@code input} is empty where the model wrote {@code <noinput>}. */
  public record AlpacaTask(String instruction, String input, String output) implements Serializable {}

  /**
   * A built prompt.
   *
   * @param examples the seed tasks shown, in prompt order
   */
  public record AlpacaPrompt(String prompt, List<SeedTask> examples, int nextNumber) implements Serializable {
    public AlpacaPrompt {
      examples = List.copyOf(examples);
    }
  }

  /**
   * Samples {@code numPromptInstructions} seed tasks from {@code Seeds.random(seed, round,
   * promptIndex)} and renders them with their first instance, as generate_instruction.py does.
   *
   * @param template {@link PromptTemplates#ALPACA_INSTRUCTIONS}, slots {@code num_tasks},
   *     {@code examples}, {@code next_number}
   * @throws IllegalArgumentException if there are too few seeds or a sampled seed has no instance
   */
  public static AlpacaPrompt build(
      Template template, List<SeedTask> seeds, AlpacaDefaults defaults, long seed, int round, int promptIndex) {
    if (seeds.size() < defaults.numPromptInstructions()) {
      throw new IllegalArgumentException(
          "Alpaca prompt needs " + defaults.numPromptInstructions() + " seed tasks, but only " + seeds.size()
              + " were given");
    }
    SplittableRandom rng = Seeds.random(seed, Long.toString(round), Long.toString(promptIndex));
    List<SeedTask> shown = Seeds.sample(seeds, defaults.numPromptInstructions(), rng);
    return new AlpacaPrompt(render(template, shown, defaults.numTasks()), shown, shown.size() + 1);
  }

  /** Renders the prompt for a fixed list of example tasks (each with its first instance). */
  public static String render(Template template, List<SeedTask> examples, int numTasks) {
    StringBuilder blocks = new StringBuilder();
    for (int i = 0; i < examples.size(); i++) {
      SeedTask task = examples.get(i);
      if (task.instances().isEmpty()) {
        throw new IllegalArgumentException("seed task '" + task.id() + "' has no instance to show as an example");
      }
      Instance first = task.instances().get(0);
      int k = i + 1;
      String instruction = Texts.stripTrailingColons(PythonText.collapseWhitespace(task.instruction()));
      String input = first.input().isBlank() ? "<noinput>" : first.input();
      blocks.append("###\n");
      blocks.append(k).append(". Instruction: ").append(instruction).append('\n');
      blocks.append(k).append(". Input:\n").append(input).append('\n');
      blocks.append(k).append(". Output:\n").append(first.output()).append('\n');
    }
    return template.render(
        Map.of(
            "num_tasks", Integer.toString(numTasks),
            "examples", blocks.toString(),
            "next_number", Integer.toString(examples.size() + 1)));
  }

  private static final Pattern FIELD = Pattern.compile("(?<![\\d.])(\\d+)\\.\\s+(Instruction|Input|Output):");

  /**
   * Parses the continuation. Rules: line endings are normalised; the prompt's trailing
   * {@code "4. Instruction:"} is put back in front unless the model repeated it; the text is split
   * at {@code ###}; blank blocks are skipped; with {@code finishReason} {@code length} the last
   * block is dropped, a non-blank one as {@code truncated} (a blank last block is dropped and the
   * block before it kept, as generate_instruction.py does); every block must contain
   * {@code N. Instruction:}, {@code N. Input:} and {@code N. Output:} in that order, each once, with
   * one number N, else it is rejected as {@code unparseable_response}; fields are stripped and an
   * input of {@code <noinput>} (any case) becomes empty. Deviation: generate_instruction.py requires
   * N to be the block's position ({@code numPromptInstructions + 1 + i}); here any N is accepted so
   * that one chatter block ("Here are 16 more tasks:") does not shift and lose every later block.
   */
  public static Parsed<AlpacaTask> parse(String response, String finishReason, int numPromptInstructions) {
    String text = Texts.normaliseNewlines(response);
    if (text.isBlank()) {
      return Parsed.unparseable("empty response", text);
    }
    int first = numPromptInstructions + 1;
    String lead = first + ". Instruction:";
    String raw = text.stripLeading().startsWith(lead) ? text.stripLeading() : lead + text;
    String[] blocks = raw.split("###", -1);
    List<AlpacaTask> items = new ArrayList<>();
    List<Reject> rejects = new ArrayList<>();
    for (int i = 0; i < blocks.length; i++) {
      String block = blocks[i];
      // generate_instruction.py L51-53: with finish_reason length the last block is skipped, even a blank one.
      boolean cut = i == blocks.length - 1 && "length".equals(finishReason);
      if (block.isBlank()) {
        continue;
      }
      if (cut) {
        rejects.add(new Reject(ReasonCodes.TRUNCATED, "finish_reason=length: last block cut off", block.strip()));
        continue;
      }
      Matcher m = FIELD.matcher(block);
      List<String> found = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      Set<String> numbers = new HashSet<>();
      List<int[]> spans = new ArrayList<>();
      while (m.find()) {
        found.add(m.group(1) + ". " + m.group(2));
        numbers.add(m.group(1));
        labels.add(m.group(2));
        spans.add(new int[] {m.start(), m.end()});
      }
      if (!labels.equals(List.of("Instruction", "Input", "Output")) || numbers.size() != 1) {
        rejects.add(
            new Reject(
                ReasonCodes.UNPARSEABLE_RESPONSE,
                "expected 'N. Instruction:', 'N. Input:', 'N. Output:' with one N, found " + found,
                block.strip()));
        continue;
      }
      String instruction = block.substring(spans.get(0)[1], spans.get(1)[0]).strip();
      String input = block.substring(spans.get(1)[1], spans.get(2)[0]).strip();
      String output = block.substring(spans.get(2)[1]).strip();
      if (input.toLowerCase(Locale.ROOT).equals("<noinput>")) {
        input = "";
      }
      items.add(new AlpacaTask(instruction, input, output));
    }
    if (items.isEmpty() && rejects.isEmpty()) {
      return Parsed.unparseable("no blocks", text);
    }
    return Parsed.of(items, rejects);
  }
}
