package org.instructsynth.core.text;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * Splits a text into the tokens ROUGE-L compares. Implementations are immutable, thread-safe and
 * serialisable so Spark functions can carry them.
 */
public interface Tokenizer extends Serializable {
  /** Config value ({@code dedup.tokenizer}) selecting {@link RougeScoreTokenizer}. */
  String ROUGE_SCORE = "rouge-score";
  /** Config value ({@code dedup.tokenizer}) selecting {@link UnicodeTokenizer}. */
  String UNICODE = "unicode";

  List<String> tokenize(String text);

  /** The config name of this tokenizer. */
  String name();

  /**
   * The tokenizer named {@code name}: {@value #ROUGE_SCORE} or {@value #UNICODE}. The stemmer flag
   * only applies to {@value #ROUGE_SCORE} (rouge_score's Porter stemmer is English-only).
   *
   * @throws IllegalArgumentException for any other name
   */
  static Tokenizer byName(String name, boolean useStemmer) {
    String key = name == null ? "null" : name.toLowerCase(Locale.ROOT);
    return switch (key) {
      case ROUGE_SCORE -> new RougeScoreTokenizer(useStemmer);
      case UNICODE -> new UnicodeTokenizer();
      default ->
          throw new IllegalArgumentException(
              String.format(
                  Locale.ROOT,
                  "Unknown tokenizer '%s': expected '%s' or '%s'",
                  name,
                  ROUGE_SCORE,
                  UNICODE));
    };
  }
}
