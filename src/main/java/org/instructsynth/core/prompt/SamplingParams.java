package org.instructsynth.core.prompt;

import java.io.Serializable;
import java.util.List;

/**
 * Sampling parameters of one LLM request, as the papers set them. A null field means "not set":
 * the request omits it and the endpoint's default applies.
 *
 * @param n number of samples requested for the same prompt
 */
public record SamplingParams(
    Double temperature,
    Double topP,
    Integer topK,
    Integer maxTokens,
    Double presencePenalty,
    Double frequencyPenalty,
    List<String> stop,
    int n)
    implements Serializable {

  public SamplingParams {
    stop = stop == null ? List.of() : List.copyOf(stop);
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
  }
}
