package org.instructsynth.core.filter;

import org.instructsynth.core.text.PythonText;

import java.util.List;
import java.util.Locale;

/**
 * Drops instructions with too few or too many words, words being Python's {@code str.split()}
 * (runs of non-whitespace).
 *
 * <p>Source: {@code yizhongw/self-instruct self_instruct/bootstrap_instructions.py} line 52 and {@code tatsu-lab/stanford_alpaca generate_instruction.py} line 64,
 * {@code if len(inst.split()) <= 3 or len(inst.split()) > 150: continue}, i.e. keep 4..150 words.
 * Here the bounds are inclusive: keep iff {@code minWords <= words <= maxWords}; the defaults 4 and
 * 150 reproduce the sources.
 *
 * <p>Reason codes {@code instruction_too_short}, {@code instruction_too_long}. The word count is the
 * score, exposed separately by {@link #wordCount(String)}.
 */
public final class InstructionLengthFilter extends Rule implements ExampleFilter {

  public static final String NAME = "instruction-length";
  public static final String TOO_SHORT = ReasonCodes.INSTRUCTION_TOO_SHORT;
  public static final String TOO_LONG = ReasonCodes.INSTRUCTION_TOO_LONG;

  private final int minWords;
  private final int maxWords;

  /**
   * @param minWords the fewest words kept (Self-Instruct: 4, i.e. more than 3)
   * @param maxWords the most words kept (Self-Instruct: 150)
   */
  public InstructionLengthFilter(int minWords, int maxWords) {
    super(NAME, List.of(TOO_SHORT, TOO_LONG));
    if (minWords < 0 || maxWords < minWords) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "Word bounds need 0 <= min-words <= max-words, got min-words=%d, max-words=%d",
              minWords,
              maxWords));
    }
    this.minWords = minWords;
    this.maxWords = maxWords;
  }

  public static InstructionLengthFilter defaults() {
    return new InstructionLengthFilter(4, 150);
  }

  public int minWords() {
    return minWords;
  }

  public int maxWords() {
    return maxWords;
  }

  /** The number of words as Python's {@code len(text.split())}; 0 for null. */
  public static int wordCount(String text) {
    return text == null ? 0 : PythonText.wordCount(text);
  }

  @Override
  public Verdict apply(String instruction, String input, String output) {
    int words = wordCount(instruction);
    if (words < minWords) {
      return Verdict.drop(
          TOO_SHORT,
          String.format(
              Locale.ROOT, "%d %s, need more than %d", words, plural(words), minWords - 1));
    }
    if (words > maxWords) {
      return Verdict.drop(
          TOO_LONG, String.format(Locale.ROOT, "%d words, need at most %d", words, maxWords));
    }
    return Verdict.keep();
  }

  private static String plural(int words) {
    return words == 1 ? "word" : "words";
  }
}
