package org.instructsynth.core.filter;

import org.instructsynth.core.text.PythonText;

import java.util.List;

/**
 * Drops instructions whose first character is ASCII punctuation or not ASCII at all.
 *
 * <p>Source: {@code yizhongw/self-instruct self_instruct/bootstrap_instructions.py} lines 64 and 67, {@code tatsu-lab/stanford_alpaca generate_instruction.py} lines 97 and 100:
 * {@code if inst[0] in string.punctuation: continue} then {@code if not inst[0].isascii(): continue}.
 * Both sources strip the instruction before that check (Self-Instruct collapses whitespace and
 * strips, Alpaca strips the parsed field), so this filter also skips leading whitespace (Python
 * {@code str.isspace}) and judges the first non-whitespace character. "Character" is a Unicode code
 * point, as Python indexes strings: an emoji written as a surrogate pair is one non-ASCII character.
 *
 * <p>Reason codes {@code starts_with_punctuation}, {@code starts_with_non_ascii}, in that order. An
 * empty or blank instruction is kept here; {@link EmptyFieldFilter} owns that case.
 */
public final class LeadingCharacterFilter extends Rule implements ExampleFilter {

  public static final String NAME = "leading-character";
  public static final String PUNCTUATION = ReasonCodes.STARTS_WITH_PUNCTUATION;
  public static final String NON_ASCII = ReasonCodes.STARTS_WITH_NON_ASCII;

  /** The first code point after leading whitespace, or -1 when there is none. */
  public static int firstCodePoint(String text) {
    String stripped = text == null ? "" : PythonText.strip(text);
    return stripped.isEmpty() ? -1 : stripped.codePointAt(0);
  }

  public LeadingCharacterFilter() {
    super(NAME, List.of(PUNCTUATION, NON_ASCII));
  }

  @Override
  public Verdict apply(String instruction, String input, String output) {
    int first = firstCodePoint(instruction);
    if (first < 0) {
      return Verdict.keep();
    }
    if (PythonText.PUNCTUATION.indexOf(first) >= 0) {
      return Verdict.drop(PUNCTUATION, "first character " + PythonText.describe(first));
    }
    if (first > 0x7F) {
      return Verdict.drop(NON_ASCII, "first character " + PythonText.describe(first));
    }
    return Verdict.keep();
  }
}
