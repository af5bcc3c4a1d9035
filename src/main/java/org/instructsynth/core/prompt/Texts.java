package org.instructsynth.core.prompt;

import java.util.regex.Pattern;

/** Small text helpers shared by the builders and parsers. */
public final class Texts {
  private Texts() {}

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /** {@code \r\n} and lone {@code \r} become {@code \n}; null becomes the empty string. */
  public static String normaliseNewlines(String s) {
    return s == null ? "" : s.replace("\r\n", "\n").replace('\r', '\n');
  }

  /** Python's {@code re.sub(r"\s+", " ", s).strip()}. */
  public static String collapseWhitespace(String s) {
    return WHITESPACE.matcher(s).replaceAll(" ").strip();
  }

  /** Python's {@code s.rstrip(":")}: removes every trailing colon. */
  public static String stripTrailingColons(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ':') {
      end--;
    }
    return s.substring(0, end);
  }

  /** Length in Unicode code points, which is what Python's {@code len} counts. */
  public static int length(String s) {
    return s.codePointCount(0, s.length());
  }
}
