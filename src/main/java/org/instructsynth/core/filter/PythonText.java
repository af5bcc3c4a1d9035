package org.instructsynth.core.filter;

/**
 * The few Python {@code str} semantics the Self-Instruct and Alpaca filters rely on, reproduced on
 * code points so that surrogate pairs (emoji, rare CJK) count as one character as they do in Python.
 */
final class PythonText {

  /** Python's {@code string.punctuation}. */
  static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  private PythonText() {}

  /**
   * Python's {@code str.isspace()} for one code point (CPython {@code _PyUnicode_IsWhitespace}):
   * ASCII whitespace, the separators U+001C..U+001F, U+0085, and the Unicode space separators
   * including the no-break spaces that {@link Character#isWhitespace(int)} leaves out.
   */
  static boolean isSpace(int cp) {
    return switch (cp) {
      case '\t', '\n', 0x0B, '\f', '\r', 0x1C, 0x1D, 0x1E, 0x1F, ' ', 0x85, 0xA0, 0x1680, 0x2028,
          0x2029, 0x202F, 0x205F, 0x3000 -> true;
      default -> cp >= 0x2000 && cp <= 0x200A;
    };
  }

  /** The number of items {@code s.split()} returns in Python: runs of non-whitespace. */
  static int wordCount(String s) {
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
  static String strip(String s) {
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
  static String collapseWhitespace(String s) {
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

  static boolean isBlank(String s) {
    return s == null || strip(s).isEmpty();
  }

  static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** {@code U+0041 'A'} style rendering of one code point for details. */
  static String describe(int cp) {
    String hex = String.format(java.util.Locale.ROOT, "U+%04X", cp);
    return Character.isISOControl(cp) ? hex : hex + " '" + new String(Character.toChars(cp)) + "'";
  }
}
