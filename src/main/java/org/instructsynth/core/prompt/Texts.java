package org.instructsynth.core.prompt;

/**
 * Small text helpers of the prompt builders and parsers. The rules' Python semantics (whitespace,
 * splitting, stripping, length) are in {@link org.instructsynth.core.text.PythonText}.
 */
public final class Texts {
  private Texts() {}

  /** {@code \r\n} and lone {@code \r} become {@code \n}; null becomes the empty string. */
  public static String normaliseNewlines(String s) {
    return s == null ? "" : s.replace("\r\n", "\n").replace('\r', '\n');
  }

  /** Python's {@code s.rstrip(":")}: removes every trailing colon. */
  public static String stripTrailingColons(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ':') {
      end--;
    }
    return s.substring(0, end);
  }
}
