package org.instructsynth.core.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Google rouge_score 0.1.2's default tokenizer ({@code rouge_score/tokenize.py}):
 *
 * <ol>
 *   <li>{@code text.lower()} (Python full lower-casing),
 *   <li>{@code re.sub(r"[^a-z0-9]+", " ", text)}, {@code re.split(r"\s+", text)},
 *   <li>if stemming, NLTK's Porter stemmer on tokens longer than 3 characters,
 *   <li>only tokens matching {@code ^[a-z0-9]+$} are kept.
 * </ol>
 *
 * <p>Only ASCII letters and digits survive, so the only non-ASCII characters that matter are the
 * ones whose Python lower case contains ASCII: U+0130 (LATIN CAPITAL LETTER I WITH DOT ABOVE, lower
 * case "i" + U+0307, so it yields "i" and a separator) and U+212A (KELVIN SIGN, lower case "k").
 * Every other character outside {@code A-Za-z0-9} is a separator, so Chinese text has no tokens.
 */
public record RougeScoreTokenizer(boolean stem) implements Tokenizer {

  /** Marker bit in {@link #map}: the mapped letter also ends the token (U+0130). */
  static final int ENDS_TOKEN = 0x10000;

  /**
   * The token character {@code c} contributes after Python lower-casing, 0 for a separator; with
   * {@link #ENDS_TOKEN} set when a separator follows it (U+0130 lower-cases to "i" + U+0307).
   */
  static int map(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      return c;
    }
    if (c >= 'A' && c <= 'Z') {
      return c + ('a' - 'A');
    }
    if (c == '\u212A') {
      return 'k';
    }
    if (c == '\u0130') {
      return 'i' | ENDS_TOKEN;
    }
    return 0;
  }

  @Override
  public List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    int n = text.length();
    char[] buf = new char[n];
    int len = 0;
    for (int i = 0; i < n; i++) {
      int mapped = map(text.charAt(i));
      if (mapped != 0) {
        buf[len++] = (char) mapped;
      }
      if ((mapped == 0 || (mapped & ENDS_TOKEN) != 0) && len > 0) {
        tokens.add(finish(new String(buf, 0, len)));
        len = 0;
      }
    }
    if (len > 0) {
      tokens.add(finish(new String(buf, 0, len)));
    }
    return tokens;
  }

  private String finish(String token) {
    return stem && token.length() > 3 ? PorterStemmer.stem(token) : token;
  }

  @Override
  public String name() {
    return ROUGE_SCORE;
  }
}
