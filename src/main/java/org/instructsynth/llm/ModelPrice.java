package org.instructsynth.llm;

import java.io.Serializable;

/** Dollars per one million input (prompt) and output (completion) tokens of one model. */
public record ModelPrice(double inputPerMillion, double outputPerMillion) implements Serializable {
  public ModelPrice {
    if (inputPerMillion < 0 || outputPerMillion < 0) {
      throw new IllegalArgumentException(
          String.format(
              java.util.Locale.ROOT,
              "a model price cannot be negative, got input %s and output %s dollars per 1M tokens",
              inputPerMillion,
              outputPerMillion));
    }
  }

  public double cost(long promptTokens, long completionTokens) {
    return (promptTokens * inputPerMillion + completionTokens * outputPerMillion) / 1_000_000.0;
  }
}
