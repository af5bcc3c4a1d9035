package org.instructsynth.core.prompt;

import org.instructsynth.core.Seeds;
import org.instructsynth.core.filter.ReasonCodes;
import org.instructsynth.core.text.PythonText;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Self-Instruct instruction generation: the prompt of numbered instructions and the parser of the
 * numbered list the model continues it with (yizhongw/self-instruct
 * {@code self_instruct/bootstrap_instructions.py}, {@code encode_prompt} and
 * {@code post_process_gpt3_response}).
 *
 * <p>The keyword, length and punctuation filters of {@code post_process_gpt3_response} are not
 * applied here: they are filters with their own reason codes, as is the ROUGE-L dedup.
 */
public final class SelfInstructPrompts {
  private SelfInstructPrompts() {}

  /**
   * A built prompt.
   *
   * @param shown the instructions shown, in prompt order, as given (before whitespace collapsing)
   * @param machineShown how many of them came from the generated pool
   * @param nextNumber the number the model is to continue with
   */
  public record InstructionPrompt(String prompt, List<String> shown, int machineShown, int nextNumber)
      implements Serializable {
    public InstructionPrompt {
      shown = List.copyOf(shown);
    }
  }

  /**
   * Builds one prompt: {@code min(numMachineInstructions, machine.size())} instructions sampled from
   * {@code machine}, seeds sampled to fill up to {@code numPromptInstructions}, all shuffled together,
   * each collapsed to one line with trailing colons removed, numbered from 1, and the prompt ends
   * with the next number and a dot. Sampling uses the stream {@code Seeds.random(seed, round,
   * promptIndex)}: machine sample, then seed sample, then the shuffle.
   *
   * @param template {@link PromptTemplates#SELF_INSTRUCT_INSTRUCTIONS} (or the classification
   *     variant), slots {@code instructions} and {@code next_number}
   * @throws IllegalArgumentException if there are too few seeds to fill the prompt
   */
  public static InstructionPrompt build(
      Template template,
      List<String> seeds,
      List<String> machine,
      SelfInstructDefaults defaults,
      long seed,
      int round,
      int promptIndex) {
    Objects.requireNonNull(template, "template");
    SplittableRandom rng = Seeds.random(seed, Long.toString(round), Long.toString(promptIndex));
    int machineCount = Math.min(defaults.numMachineInstructions(), machine.size());
    int seedCount = defaults.numPromptInstructions() - machineCount;
    if (seeds.size() < seedCount) {
      throw new IllegalArgumentException(
          "Self-Instruct prompt needs " + seedCount + " seed instructions (" + defaults.numPromptInstructions()
              + " shown, " + machineCount + " generated), but only " + seeds.size() + " seeds were given");
    }
    List<String> shown = new ArrayList<>(Seeds.sample(machine, machineCount, rng));
    shown.addAll(Seeds.sample(seeds, seedCount, rng));
    shown = Seeds.shuffle(shown, rng);
    return new InstructionPrompt(render(template, shown), shown, machineCount, shown.size() + 1);
  }

  /** Renders the numbered list exactly as {@code encode_prompt} does, for a fixed list of instructions. */
  public static String render(Template template, List<String> instructions) {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < instructions.size(); i++) {
      String inst = Texts.stripTrailingColons(PythonText.collapseWhitespace(instructions.get(i)));
      list.append(i + 1).append(". ").append(inst).append('\n');
    }
    return template.render(
        Map.of("instructions", list.toString(), "next_number", Integer.toString(instructions.size() + 1)));
  }

  /** A line starting an item: optional indentation, a number, an optional space, a dot, then a space or end of line. */
  private static final Pattern ITEM_START = Pattern.compile("(?m)^[ \\t]*(\\d+)[ \\t]?\\.(?:[ \\t]+|$)");

  /**
   * Parses the continuation of the numbered list.
   *
   * <p>Rules, in order:
   *
   * <ol>
   *   <li>Line endings are normalised. A blank response is {@code unparseable_response}.
   *   <li>The text is split at lines that start with a number and a dot (bootstrap_instructions.py
   *       splits at {@code \n\d+\s?\. }). The first chunk needs no number: a completion continues
   *       right after {@code "9."}. A chat model that echoes {@code "9. "} is handled the same way.
   *       If a line numbered {@code nextNumber} appears after other text, that text is preamble
   *       chatter and is rejected as {@code unparseable_response}; so is text ending in ':' before
   *       a list that restarts its numbering.
   *   <li>A response of several non-blank lines without any numbered line is not a list:
   *       {@code unparseable_response}.
   *   <li>Each item is collapsed to one line; empty items are dropped silently.
   *   <li>If {@code finishReason} is {@code length}, the last item is cut off: rejected as
   *       {@code truncated} ({@code self-instruct.generation.on-length: drop-last-item}, like
   *       Alpaca's generate_instruction.py drops its last block).
   *   <li>Items past {@code maxItems} are rejected as {@code too_many_items}.
   * </ol>
   *
   * @param nextNumber the number the prompt ended with (9 for the paper's prompt)
   * @param maxItems {@link SelfInstructDefaults#maxNewInstructionsPerCall()}
   */
  public static Parsed<String> parse(String response, String finishReason, int nextNumber, int maxItems) {
    return parse(response, finishReason, nextNumber, maxItems, false);
  }

  /**
   * As {@link #parse(String, String, int, int)}; with {@code discardAllOnLength} (the paper's default,
   * {@code self-instruct.generation.on-length: discard-response}) a response whose
   * {@code finishReason} is {@code length} keeps nothing, as bootstrap_instructions.py does
   * ({@code if ... finish_reason == "length": return []}): every item it holds is rejected as
   * {@code truncated} (so each lands in the rejects table), other rejects (preamble chatter) stay as
   * they are, and a response without items is one {@code truncated} reject.
   */
  public static Parsed<String> parse(
      String response, String finishReason, int nextNumber, int maxItems, boolean discardAllOnLength) {
    String text = Texts.normaliseNewlines(response);
    if (discardAllOnLength && "length".equals(finishReason)) {
      Parsed<String> all = parse(response, "stop", nextNumber, Integer.MAX_VALUE, false);
      List<Reject> rejects = new ArrayList<>();
      for (Reject r : all.rejects()) {
        if (!ReasonCodes.UNPARSEABLE_RESPONSE.equals(r.reason()) || !all.items().isEmpty() || !r.raw().equals(text)) {
          rejects.add(r);
        }
      }
      int n = all.items().size();
      for (int i = 0; i < n; i++) {
        rejects.add(new Reject(ReasonCodes.TRUNCATED,
            "finish_reason=length: whole response discarded (item " + (i + 1) + " of " + n + ")", all.items().get(i)));
      }
      if (n == 0 && rejects.isEmpty()) {
        rejects.add(new Reject(ReasonCodes.TRUNCATED, "finish_reason=length: whole response discarded", text));
      }
      return Parsed.of(List.of(), rejects);
    }
    if (text.isBlank()) {
      return Parsed.unparseable("empty response", text);
    }
    List<Reject> rejects = new ArrayList<>();
    List<String> chunks = new ArrayList<>();
    Matcher m = ITEM_START.matcher(text);
    List<int[]> starts = new ArrayList<>();
    List<Integer> numbers = new ArrayList<>();
    while (m.find()) {
      starts.add(new int[] {m.start(), m.end()});
      numbers.add(parseNumber(m.group(1)));
    }
    int firstBody = 0;
    int firstMarker = -1;
    for (int i = 0; i < numbers.size(); i++) {
      if (numbers.get(i) == nextNumber) {
        firstMarker = i;
        break;
      }
    }
    if (firstMarker >= 0) {
      String before = text.substring(0, starts.get(firstMarker)[0]);
      if (!before.isBlank()) {
        rejects.add(
            new Reject(
                ReasonCodes.UNPARSEABLE_RESPONSE, "text before item " + nextNumber + " is not a list item", before.strip()));
      }
      firstBody = firstMarker;
    } else {
      if (numbers.isEmpty() && text.strip().contains("\n")) {
        return Parsed.unparseable("no numbered items in a response of several lines", text);
      }
      // Continuation of "9." without a number: the first chunk runs to the first marker, unless it
      // is a preamble introducing a list that restarts its numbering ("Here are more tasks:").
      int end = starts.isEmpty() ? text.length() : starts.get(0)[0];
      String head = text.substring(0, end);
      if (!starts.isEmpty() && head.strip().endsWith(":")) {
        rejects.add(
            new Reject(ReasonCodes.UNPARSEABLE_RESPONSE, "text before the first numbered item is a preamble", head.strip()));
      } else {
        chunks.add(head);
      }
      firstBody = 0;
    }
    for (int i = firstBody; i < starts.size(); i++) {
      int bodyStart = starts.get(i)[1];
      int bodyEnd = i + 1 < starts.size() ? starts.get(i + 1)[0] : text.length();
      chunks.add(text.substring(bodyStart, bodyEnd));
    }
    List<String> items = new ArrayList<>();
    for (String chunk : chunks) {
      String item = PythonText.collapseWhitespace(chunk);
      if (!item.isEmpty()) {
        items.add(item);
      }
    }
    if ("length".equals(finishReason) && !items.isEmpty()) {
      String last = items.remove(items.size() - 1);
      rejects.add(new Reject(ReasonCodes.TRUNCATED, "finish_reason=length: last item cut off", last));
    }
    while (items.size() > maxItems) {
      String extra = items.remove(maxItems);
      rejects.add(
          new Reject(ReasonCodes.TOO_MANY_ITEMS, "more than " + maxItems + " new items in one response", extra));
    }
    if (items.isEmpty() && rejects.isEmpty()) {
      return Parsed.unparseable("no non-empty items", text);
    }
    return Parsed.of(items, rejects);
  }

  private static int parseNumber(String digits) {
    return digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
  }
}
