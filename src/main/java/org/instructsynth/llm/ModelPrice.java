package org.instructsynth.llm;

import java.io.Serializable;
import java.util.Locale;

/**
 * Dollars per one million input (prompt), output (completion) and cached input tokens of one model.
 * Cached input tokens are the prompt tokens the provider served from its prompt cache ({@code
 * usage.prompt_tokens_details.cached_tokens}); they are part of the prompt tokens and billed at
 * {@code cachedInputPerMillion} instead of {@code inputPerMillion}. {@link #UNKNOWN} prices every
 * call at NaN: the cost of a model without a price is unknown, never $0.
 */
public record ModelPrice(double inputPerMillion, double outputPerMillion, double cachedInputPerMillion) implements Serializable {
  /** The price of a model missing from {@code llm.prices}: every cost is NaN (written as null). */
  public static final ModelPrice UNKNOWN = new ModelPrice(Double.NaN, Double.NaN, Double.NaN);

  public ModelPrice {
    if (inputPerMillion < 0 || outputPerMillion < 0 || cachedInputPerMillion < 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "a model price cannot be negative, got input %s, output %s and cached input %s dollars per 1M tokens",
          inputPerMillion, outputPerMillion, cachedInputPerMillion));
    }
  }

  /** A price whose cached input tokens cost as much as the others (no prompt-cache discount known). */
  public ModelPrice(double inputPerMillion, double outputPerMillion) {
    this(inputPerMillion, outputPerMillion, inputPerMillion);
  }

  /** False for {@link #UNKNOWN}. */
  public boolean known() {
    return !Double.isNaN(inputPerMillion) && !Double.isNaN(outputPerMillion) && !Double.isNaN(cachedInputPerMillion);
  }

  /** This price scaled by {@code factor} (the Batch API's share, e.g. 0.5). */
  public ModelPrice times(double factor) {
    return known() ? new ModelPrice(inputPerMillion * factor, outputPerMillion * factor, cachedInputPerMillion * factor) : this;
  }

  public double cost(long promptTokens, long completionTokens) {
    return cost(promptTokens, 0, completionTokens);
  }

  /** Dollars for a call; {@code cachedTokens} (part of {@code promptTokens}) at the cached rate. */
  public double cost(long promptTokens, long cachedTokens, long completionTokens) {
    long cached = Math.max(0, Math.min(cachedTokens, promptTokens));
    return ((promptTokens - cached) * inputPerMillion + cached * cachedInputPerMillion + completionTokens * outputPerMillion) / 1_000_000.0;
  }
}
