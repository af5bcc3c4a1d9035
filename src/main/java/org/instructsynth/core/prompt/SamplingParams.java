package org.instructsynth.core.prompt;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sampling parameters of one LLM request, as the papers set them. A null field means "not set":
 * the request omits it and the endpoint's default applies.
 *
 * @param n number of samples requested for the same prompt
 * @param logitBias OpenAI's {@code logit_bias}: token id (a tokenizer-specific number, as a string)
 *     to a bias in -100..100; empty sends none. Alpaca sends {@code {"50256": -100}}.
 */
public record SamplingParams(
    Double temperature,
    Double topP,
    Integer topK,
    Integer maxTokens,
    Double presencePenalty,
    Double frequencyPenalty,
    List<String> stop,
    int n,
    Map<String, Integer> logitBias)
    implements Serializable {

  /** Without {@code logit_bias}. */
  public SamplingParams(
      Double temperature, Double topP, Integer topK, Integer maxTokens, Double presencePenalty, Double frequencyPenalty,
      List<String> stop, int n) {
    this(temperature, topP, topK, maxTokens, presencePenalty, frequencyPenalty, stop, n, Map.of());
  }

  public SamplingParams {
    stop = stop == null ? List.of() : List.copyOf(stop);
    logitBias = logitBias == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(logitBias));
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
  }
}
