package org.instructsynth.core.recipe;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.instructsynth.core.prompt.ReasonCodes;
import org.instructsynth.core.prompt.Texts;

/**
 * The post-processing filters applied to freshly parsed instructions, before the ROUGE-L dedup, in
 * the order of {@code post_process_gpt3_response} in yizhongw/self-instruct
 * {@code self_instruct/bootstrap_instructions.py} and tatsu-lab/stanford_alpaca
 * {@code generate_instruction.py}:
 *
 * <ol>
 *   <li>whitespace collapsed and stripped; Self-Instruct then applies Python's
 *       {@code str.capitalize()} (first character upper case, <em>every other character lower
 *       case</em>), Alpaca does not; empty results are dropped ({@code empty});
 *   <li>{@code instruction_too_short} (3 words or fewer) / {@code instruction_too_long} (more than 150);
 *   <li>{@code blacklisted_keyword}: a keyword as a whole word, ignoring case;
 *   <li>{@code write_a_program}: starts with "Write a program" (case-sensitive, after capitalising);
 *   <li>{@code starts_with_punctuation}: the first character is in Python's
 *       {@code string.punctuation};
 *   <li>{@code starts_with_non_ascii}.
 * </ol>
 *
 * Kept instructions are returned as transformed (collapsed, and capitalised for Self-Instruct).
 */
public final class InstructionPostFilter {
  private InstructionPostFilter() {}

  /**
   * Which paper's rules to apply.
   *
   * @param keywords whole-word keywords that drop an instruction
   * @param capitalize whether to apply Python's {@code str.capitalize()} first
   */
  public record Rules(List<String> keywords, boolean capitalize) implements Serializable {
    public Rules {
      keywords = List.copyOf(keywords);
    }
  }

  /** Whole-word patterns per keyword list, compiled once (a run checks every instruction). */
  private static final Map<List<String>, List<Pattern>> PATTERNS = new ConcurrentHashMap<>();

  private static Pattern wholeWord(String keyword) {
    return Pattern.compile(
        "\\b(" + Pattern.quote(keyword) + ")\\b",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
  }

  /** bootstrap_instructions.py: 13 keywords and {@code capitalize()}. */
  public static final Rules SELF_INSTRUCT =
      new Rules(
          List.of("image", "images", "graph", "graphs", "picture", "pictures", "file", "files", "map", "maps", "draw",
              "plot", "go to"),
          true);

  /** generate_instruction.py: the same keywords plus video, audio, music, flowchart, diagram; no capitalising. */
  public static final Rules ALPACA =
      new Rules(
          List.of("image", "images", "graph", "graphs", "picture", "pictures", "file", "files", "map", "maps", "draw",
              "plot", "go to", "video", "audio", "music", "flowchart", "diagram"),
          false);

  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  public static Filtered<String> apply(List<String> instructions, Rules rules) {
    List<String> kept = new ArrayList<>();
    List<Dropped<String>> dropped = new ArrayList<>();
    for (String raw : instructions) {
      Outcome o = check(raw, rules);
      if (o.dropped() == null) {
        kept.add(o.instruction());
      } else {
        dropped.add(o.dropped());
      }
    }
    return new Filtered<>(kept, dropped);
  }

  /**
   * One instruction's outcome: the transformed {@code instruction}, and {@code dropped} (null when
   * kept) with the reason.
   */
  public record Outcome(String instruction, Dropped<String> dropped) {}

  /** The rules for one instruction (what {@link #apply} does for each). */
  public static Outcome check(String raw, Rules rules) {
    String inst = Texts.collapseWhitespace(raw == null ? "" : raw);
    if (rules.capitalize()) {
      inst = capitalize(inst);
    }
    if (inst.isEmpty()) {
      return dropped(inst, ReasonCodes.EMPTY, "empty instruction");
    }
    int words = inst.split("\\s+").length;
    if (words <= 3) {
      return dropped(inst, ReasonCodes.INSTRUCTION_TOO_SHORT, words + " words, need more than 3");
    }
    if (words > 150) {
      return dropped(inst, ReasonCodes.INSTRUCTION_TOO_LONG, words + " words, at most 150");
    }
    List<Pattern> patterns =
        PATTERNS.computeIfAbsent(rules.keywords(), k -> k.stream().map(InstructionPostFilter::wholeWord).toList());
    for (int i = 0; i < patterns.size(); i++) {
      if (patterns.get(i).matcher(inst).find()) {
        return dropped(inst, ReasonCodes.BLACKLISTED_KEYWORD, "mentions '" + rules.keywords().get(i) + "'");
      }
    }
    if (inst.startsWith("Write a program")) {
      return dropped(inst, ReasonCodes.WRITE_A_PROGRAM, "starts with 'Write a program'");
    }
    if (PUNCTUATION.indexOf(inst.charAt(0)) >= 0) {
      return dropped(inst, ReasonCodes.STARTS_WITH_PUNCTUATION, "starts with '" + inst.charAt(0) + "'");
    }
    if (inst.codePointAt(0) > 0x7F) {
      return dropped(inst, ReasonCodes.STARTS_WITH_NON_ASCII, String.format(Locale.ROOT, "starts with U+%04X", inst.codePointAt(0)));
    }
    return new Outcome(inst, null);
  }

  private static Outcome dropped(String inst, String reason, String detail) {
    return new Outcome(inst, new Dropped<>(inst, reason, detail));
  }

  /** Python's {@code str.capitalize()}: first code point upper case, the rest lower case. */
  public static String capitalize(String s) {
    if (s.isEmpty()) {
      return s;
    }
    int first = s.codePointAt(0);
    int n = Character.charCount(first);
    return new StringBuilder()
        .appendCodePoint(Character.toTitleCase(first))
        .append(s.substring(n).toLowerCase(Locale.ROOT))
        .toString();
  }
}
