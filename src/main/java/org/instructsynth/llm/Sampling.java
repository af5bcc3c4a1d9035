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
 */
public record Sampling(
    Double temperature,
    Double topP,
    Integer maxTokens,
    List<String> stop,
    Long seed,
    Double presencePenalty,
    Double frequencyPenalty,
    Map<String, Object> extra)
    implements Serializable {

  public Sampling {
    stop = stop == null ? List.of() : List.copyOf(stop);
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
    return new Sampling(value, topP, maxTokens, stop, seed, presencePenalty, frequencyPenalty, extra);
  }

  public Sampling withTopP(Double value) {
    return new Sampling(temperature, value, maxTokens, stop, seed, presencePenalty, frequencyPenalty, extra);
  }

  public Sampling withMaxTokens(Integer value) {
    return new Sampling(temperature, topP, value, stop, seed, presencePenalty, frequencyPenalty, extra);
  }

  public Sampling withStop(List<String> value) {
    return new Sampling(temperature, topP, maxTokens, value, seed, presencePenalty, frequencyPenalty, extra);
  }

  public Sampling withSeed(Long value) {
    return new Sampling(temperature, topP, maxTokens, stop, value, presencePenalty, frequencyPenalty, extra);
  }

  public Sampling withExtra(Map<String, Object> value) {
    return new Sampling(temperature, topP, maxTokens, stop, seed, presencePenalty, frequencyPenalty, value);
  }
}
