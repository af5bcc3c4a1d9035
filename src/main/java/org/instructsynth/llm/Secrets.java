package org.instructsynth.llm;

import java.util.regex.Pattern;

/** Removes API keys from text that may be logged or stored (server error messages echo keys). */
public final class Secrets {
  private static final Pattern KEY_LIKE = Pattern.compile("\\b(sk|key|tok)-[A-Za-z0-9_*.\\-]{6,}");

  private Secrets() {}

  /** {@code text} with {@code key} and anything shaped like an OpenAI-style key replaced by ***. */
  public static String redact(String text, String key) {
    if (text == null) {
      return null;
    }
    String out = text;
    if (key != null && key.length() >= 4) {
      out = out.replace(key, "***");
    }
    return KEY_LIKE.matcher(out).replaceAll("$1-***");
  }
}
