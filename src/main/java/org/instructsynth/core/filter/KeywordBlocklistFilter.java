package org.instructsynth.core.filter;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drops instructions that mention something a text-only model cannot do (images, files, maps,
 * drawing), matching whole words case-insensitively.
 *
 * <p>Sources: {@code yizhongw/self-instruct self_instruct/bootstrap_instructions.py} line 55 (13 keywords, {@link #SELF_INSTRUCT};
 * {@code find_word_in_string} line 37) and {@code tatsu-lab/stanford_alpaca generate_instruction.py} lines 67-88 (the same 13 plus video, audio,
 * music, flowchart and diagram, {@link #ALPACA}; {@code find_word_in_string} line 106). Both match with {@code find_word_in_string}, i.e. Python
 * {@code re.search(r"\b(word)\b", s, re.IGNORECASE)}. This class reproduces that on Java regex:
 * Python's {@code \w} for {@code str} is Unicode letters, digits and underscore, so the boundaries are
 * written as look-arounds on {@code [\p{L}\p{N}_]} (Java 17's own {@code \b} differs), and case folding
 * is Unicode-aware. Multi-word entries such as {@code "go to"} match as a phrase with a single space,
 * as in the sources. Unlike the sources, which paste the word into the regex, every entry here is
 * matched literally, and an entry that starts or ends with a symbol (an extra word such as
 * {@code c++}) has no boundary condition on that side; see {@link #wholeWord(String)}. Every entry of
 * both source lists starts and ends with a letter, where the two agree.
 *
 * <p>Reason code {@code blocklisted_keyword} (alias {@code blacklisted_keyword}, the LLM recipes' code
 * before release 0.x); the detail names the first list entry that matched, in
 * list order.
 */
public final class KeywordBlocklistFilter extends Rule implements ExampleFilter {

  public static final String NAME = "keyword-blocklist";
  public static final String REASON = ReasonCodes.BLOCKLISTED_KEYWORD;

  /** Self-Instruct's list, in source order. */
  public static final List<String> SELF_INSTRUCT =
      List.of(
          "image", "images", "graph", "graphs", "picture", "pictures", "file", "files", "map",
          "maps", "draw", "plot", "go to");

  /** Alpaca's extended list, in source order: Self-Instruct's plus five media words. */
  public static final List<String> ALPACA = concat(
      SELF_INSTRUCT, List.of("video", "audio", "music", "flowchart", "diagram"));

  private static final String WORD_CHAR = "[\\p{L}\\p{N}_]";

  private final List<String> keywords;
  private final List<Pattern> patterns;
  /** All keywords in one alternation: most texts match none, and one scan tells. */
  private final Pattern any;

  /** Blocks exactly the given keywords (blank entries ignored, duplicates removed, order kept). */
  public KeywordBlocklistFilter(List<String> keywords) {
    super(NAME, List.of(REASON));
    Set<String> unique = new LinkedHashSet<>();
    for (String keyword : keywords) {
      if (keyword != null && !keyword.isBlank()) {
        unique.add(keyword.trim());
      }
    }
    this.keywords = List.copyOf(unique);
    List<Pattern> compiled = new ArrayList<>(this.keywords.size());
    for (String keyword : this.keywords) {
      compiled.add(wholeWord(keyword));
    }
    this.patterns = List.copyOf(compiled);
    this.any = compiled.isEmpty() ? null : Pattern.compile(
        String.join("|", compiled.stream().map(p -> "(?:" + p.pattern() + ")").toList()),
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /**
   * A named base list plus extra words.
   *
   * @param list {@code self-instruct}, {@code alpaca} or {@code none}
   */
  public static KeywordBlocklistFilter of(String list, List<String> extra) {
    return new KeywordBlocklistFilter(concat(baseList(list), extra));
  }

  /** The named base list: {@code self-instruct}, {@code alpaca} or {@code none}. */
  public static List<String> baseList(String list) {
    return switch (list == null ? "" : list.toLowerCase(Locale.ROOT)) {
      case "self-instruct" -> SELF_INSTRUCT;
      case "alpaca" -> ALPACA;
      case "none" -> List.of();
      default -> throw new IllegalArgumentException(
          "Unknown blocklist '" + list + "', expected one of self-instruct, alpaca, none");
    };
  }

  public List<String> keywords() {
    return keywords;
  }

  /** The first keyword (in list order) found as a whole word in {@code text}; the rule's score. */
  public Optional<String> firstMatch(String text) {
    if (text == null || text.isEmpty() || any == null || !any.matcher(text).find()) {
      return Optional.empty();
    }
    for (int i = 0; i < patterns.size(); i++) {
      Matcher matcher = patterns.get(i).matcher(text);
      if (matcher.find()) {
        return Optional.of(keywords.get(i));
      }
    }
    return Optional.empty();
  }

  @Override
  public Verdict apply(String instruction, String input, String output) {
    return firstMatch(instruction)
        .map(word -> Verdict.drop(REASON, "instruction contains \"" + word + "\""))
        .orElse(Verdict.keep());
  }

  /**
   * Python's {@code \b(word)\b} for a keyword that starts and ends with a word character: no word
   * character directly before or after. An edge that is a symbol (the {@code +} of {@code c++}) gets
   * no condition, where Python's {@code \b} would demand a word character next to it and so could
   * never match "c++" before a space.
   */
  static Pattern wholeWord(String keyword) {
    int first = keyword.codePointAt(0);
    int last = keyword.codePointBefore(keyword.length());
    String before = isWordChar(first) ? "(?<!" + WORD_CHAR + ")" : "";
    String after = isWordChar(last) ? "(?!" + WORD_CHAR + ")" : "";
    return Pattern.compile(
        before + Pattern.quote(keyword) + after,
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  static boolean isWordChar(int cp) {
    return cp == '_' || Character.isLetter(cp) || isNumeric(cp);
  }

  private static boolean isNumeric(int cp) {
    int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER
        || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    if (b != null) {
      for (String word : b) {
        if (word != null) {
          all.add(word);
        }
      }
    }
    return List.copyOf(all);
  }
}
