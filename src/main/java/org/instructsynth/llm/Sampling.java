package org.instructsynth.llm;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sampling parameters sent with every request. A {@code null} number means "not sent": the server's
 * default applies and the parameter is not part of the request key.
 *
 * @param stop stop sequences; empty means none
 * @param seed the sampling seed; with several samples of one prompt the seed sent is {@code seed +
 *     sampleIndex}, so servers without {@code n} (llama.cpp) still return distinct samples
 * @param extra pass-through body fields for server-specific options such as vLLM's or llama.cpp's
 *     {@code top_k} or {@code min_p}; values must be JSON scalars (string, number, boolean)
 * @param logitBias {@code logit_bias}: token id to bias (-100..100), sent as a JSON object and part of
 *     the request key; empty sends none. Token ids are the model's tokenizer's.
 */
public record Sampling(
    Double temperature,
    Double topP,
    Integer maxTokens,
    List<String> stop,
    Long seed,
    Double presencePenalty,
    Double frequencyPenalty,
    Map<String, Object> extra,
    Map<String, Integer> logitBias)
    implements Serializable {

  /** Without {@code logit_bias}. */
  public Sampling(Double temperature, Double topP, Integer maxTokens, List<String> stop, Long seed, Double presencePenalty,
      Double frequencyPenalty, Map<String, Object> extra) {
    this(temperature, topP, maxTokens, stop, seed, presencePenalty, frequencyPenalty, extra, Map.of());
  }

  public Sampling {
    stop = stop == null ? List.of() : List.copyOf(stop);
    logitBias = logitBias == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(logitBias));
    logitBias.forEach((token, bias) -> {
      if (bias == null || bias < -100 || bias > 100) { // checked where it is bound (config); this is the code's mistake
        throw new IllegalArgumentException("logit_bias for token " + token + " must be in -100..100, got " + bias);
      }
    });
    TreeMap<String, Object> copy = new TreeMap<>();
    if (extra != null) {
      extra.forEach(
          (key, value) -> {
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
              // llm.sampling.extra is checked where it is bound (config/LlmConfig); this is the code's mistake.
              throw new IllegalArgumentException("sampling extra '" + key + "' is not a JSON scalar: " + value);
            }
            copy.put(key, value);
          });
    }
    extra = java.util.Collections.unmodifiableMap(copy);
  }

  /** Self-Instruct's instruction-generation setting: temperature 0.7, top_p 0.5, 1024 tokens. */
  public static Sampling defaults() {
    return new Sampling(0.7, 0.5, 1024, List.of(), null, 0.0, 0.0, Map.of());
  }

  public Sampling withTemperature(Double value) {
    return new Sampling(value, topP, maxTokens, stop, seed, presencePenalty, frequencyPenalty, extra, logitBias);
  }

  public Sampling withTopP(Double value) {
    return new Sampling(temperature, value, maxTokens, stop, seed, presencePenalty, frequencyPenalty, extra, logitBias);
  }

  public Sampling withMaxTokens(Integer value) {
    return new Sampling(temperature, topP, value, stop, seed, presencePenalty, frequencyPenalty, extra, logitBias);
  }

  public Sampling withStop(List<String> value) {
    return new Sampling(temperature, topP, maxTokens, value, seed, presencePenalty, frequencyPenalty, extra, logitBias);
  }

  public Sampling withSeed(Long value) {
    return new Sampling(temperature, topP, maxTokens, stop, value, presencePenalty, frequencyPenalty, extra, logitBias);
  }

  public Sampling withLogitBias(Map<String, Integer> value) {
    return new Sampling(temperature, topP, maxTokens, stop, seed, presencePenalty, frequencyPenalty, extra, value);
  }

  public Sampling withExtra(Map<String, Object> value) {
    return new Sampling(temperature, topP, maxTokens, stop, seed, presencePenalty, frequencyPenalty, value, logitBias);
  }
}
