package org.instructsynth.core.text;

import java.util.Locale;

/**
 * The project's one Python-compatible text helper: the Python {@code str} semantics the papers' rules
 * rely on (Self-Instruct, Alpaca, SELF-GUIDE are Python), reproduced on code points so that surrogate
 * pairs (emoji, rare CJK) count as one character as they do in Python. Whitespace is Python's Unicode
 * whitespace ({@code str.isspace}, which is also what {@code re}'s {@code \s} matches in a
 * {@code str} pattern), not Java's ASCII {@code \s}: "a\u00a0b c" is 3 words. Every rule in
 * {@code org.instructsynth.core.filter} uses this class for whitespace, splitting, stripping, case
 * and length.
 */
public final class PythonText {

  /** Python's {@code string.punctuation}. */
  public static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  private PythonText() {}

  /**
   * Python's {@code str.isspace()} for one code point (CPython {@code _PyUnicode_IsWhitespace}):
   * ASCII whitespace, the separators U+001C..U+001F, U+0085, and the Unicode space separators
   * including the no-break spaces that {@link Character#isWhitespace(int)} leaves out.
   */
  public static boolean isSpace(int cp) {
    return switch (cp) {
      case '\t', '\n', 0x0B, '\f', '\r', 0x1C, 0x1D, 0x1E, 0x1F, ' ', 0x85, 0xA0, 0x1680, 0x2028,
          0x2029, 0x202F, 0x205F, 0x3000 -> true;
      default -> cp >= 0x2000 && cp <= 0x200A;
    };
  }

  /** The number of items {@code s.split()} returns in Python: runs of non-whitespace. */
  public static int wordCount(String s) {
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (isSpace(cp)) {
        inWord = false;
      } else if (!inWord) {
        inWord = true;
        words++;
      }
      i += Character.charCount(cp);
    }
    return words;
  }

  /** Python's {@code s.strip()}: removes leading and trailing whitespace as {@link #isSpace(int)}. */
  public static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end) {
      int cp = s.codePointAt(start);
      if (!isSpace(cp)) {
        break;
      }
      start += Character.charCount(cp);
    }
    while (end > start) {
      int cp = s.codePointBefore(end);
      if (!isSpace(cp)) {
        break;
      }
      end -= Character.charCount(cp);
    }
    return s.substring(start, end);
  }

  /** Python's {@code re.sub(r"\s+", " ", s).strip()}: whitespace runs become one space, ends trimmed. */
  public static String collapseWhitespace(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean pendingSpace = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (isSpace(cp)) {
        pendingSpace = out.length() > 0;
      } else {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  public static boolean isBlank(String s) {
    return s == null || strip(s).isEmpty();
  }

  public static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** {@code U+0041 'A'} style rendering of one code point for details. */
  public static String describe(int cp) {
    String hex = String.format(Locale.ROOT, "U+%04X", cp);
    return Character.isISOControl(cp) ? hex : hex + " '" + new String(Character.toChars(cp)) + "'";
  }

  /** Python's {@code len(s)}: the number of code points; 0 for null. */
  public static int length(String s) {
    return s == null ? 0 : s.codePointCount(0, s.length());
  }

  /** Python's {@code s.lower()} for the rules' case-insensitive matching ({@link Locale#ROOT}). */
  public static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /**
   * Python's {@code str.capitalize()} as Self-Instruct applies it: the first code point in title
   * case, every other character lower case.
   */
  public static String capitalize(String s) {
    if (s.isEmpty()) {
      return s;
    }
    int first = s.codePointAt(0);
    return new StringBuilder()
        .appendCodePoint(Character.toTitleCase(first))
        .append(lower(s.substring(Character.charCount(first))))
        .toString();
  }
}
