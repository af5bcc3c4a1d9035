package org.instructsynth.llm;

/** Token estimates used before a call and by the simulator: about four characters per token. */
public final class Tokens {
  private Tokens() {}

  public static long estimate(String text) {
    return text == null || text.isEmpty() ? 0 : (text.length() + 3) / 4;
  }
}
