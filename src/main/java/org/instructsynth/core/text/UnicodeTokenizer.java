package org.instructsynth.core.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A script-neutral tokenizer for languages {@link RougeScoreTokenizer} erases: a token is a maximal
 * run of letters, digits and combining marks (any script), lower-cased with {@link Locale#ROOT};
 * every Han, Hiragana, Katakana and Hangul character is a token of its own (so Chinese
 * near-duplicates compare character by character, as character-level ROUGE does); everything else
 * separates tokens. No stemming.
 */
public record UnicodeTokenizer() implements Tokenizer {

  @Override
  public List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (isCjk(cp)) {
        flush(current, tokens);
        tokens.add(new String(Character.toChars(cp)).toLowerCase(Locale.ROOT));
      } else if (Character.isLetterOrDigit(cp) || isMark(cp)) {
        if (current.length() == 0 && isMark(cp)) {
          continue; // a mark with no base character carries no content
        }
        current.appendCodePoint(cp);
      } else {
        flush(current, tokens);
      }
    }
    flush(current, tokens);
    return tokens;
  }

  private static void flush(StringBuilder current, List<String> tokens) {
    if (current.length() > 0) {
      tokens.add(current.toString().toLowerCase(Locale.ROOT));
      current.setLength(0);
    }
  }

  private static boolean isMark(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  static boolean isCjk(int cp) {
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    return (script == Character.UnicodeScript.HAN
            || script == Character.UnicodeScript.HIRAGANA
            || script == Character.UnicodeScript.KATAKANA
            || script == Character.UnicodeScript.HANGUL)
        && Character.isLetterOrDigit(cp);
  }

  @Override
  public String name() {
    return UNICODE;
  }
}
