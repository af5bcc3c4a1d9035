package org.instructsynth.core.dedup;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * A ROUGE-L score as text for a near-duplicate's {@code detail} and the report: four decimals, or as many
 * more as it takes for the text to stay above the threshold it beat. A pair dropped with 0.7000000000000001
 * at threshold 0.7 reads {@code 0.7000000000000001}, never {@code 0.7000} (which would read as equal to the
 * threshold, and a score equal to the threshold is kept).
 */
public final class ScoreText {

  private ScoreText() {}

  /** {@code score} with 4 decimals, more when 4 would round it down to {@code threshold} or below. */
  public static String of(double score, double threshold) {
    String text = String.format(Locale.ROOT, "%.4f", score);
    if (score > threshold && Double.parseDouble(text) <= threshold) {
      return BigDecimal.valueOf(score).toPlainString(); // the shortest text that reads back as this double
    }
    return text;
  }

  /** A score read back from a detail, shown as written: 4 decimals unless it was written with more. */
  public static String shown(double score) {
    String text = String.format(Locale.ROOT, "%.4f", score);
    return Double.parseDouble(text) == score ? text : BigDecimal.valueOf(score).toPlainString();
  }
}
