package org.instructsynth.pipeline.llm;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.instructsynth.core.prompt.ChatMessage;
import org.instructsynth.core.prompt.SamplingParams;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.Sampling;

/**
 * Turns a prompt into an {@link LlmRequest} with a stage's paper sampling and the run's {@code llm.*}
 * settings. Serializable, so the LLM stages build their requests on the executors ({@link LlmCallStage})
 * exactly as the driver-side {@link LlmCalls} does.
 */
public final class Requests implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LlmSettings settings;

  public Requests(LlmSettings settings) {
    this.settings = settings;
  }

  /** {@code llm.model}, used for requests whose model is empty. */
  public String model() {
    return settings.model();
  }

  /**
   * The request for one prompt: a single user turn on the chat endpoint, the prompt itself on the
   * completions endpoint. The recipe's {@code params} set the sampling; {@code llm.sampling.seed} and
   * {@code llm.sampling.extra} (e.g. {@code top_k}) are passed through; {@code params.topK()} becomes
   * the {@code top_k} extra (0 sends none: OpenAI rejects {@code top_k}); {@code params.logitBias()}
   * becomes {@code logit_bias} on both endpoints. An empty {@code model}
   * means {@code llm.model}.
   */
  public LlmRequest request(String model, String system, String prompt, SamplingParams params, int sampleIndex) {
    String m = model == null || model.isEmpty() ? settings.model() : model;
    Map<String, Object> extra = new java.util.TreeMap<>(settings.sampling().extra());
    if (params.topK() != null && params.topK() > 0) {
      extra.put("top_k", params.topK());
    }
    Sampling sampling = new Sampling(params.temperature(), params.topP(), params.maxTokens(), params.stop(),
        settings.sampling().seed(), params.presencePenalty(), params.frequencyPenalty(), extra, params.logitBias());
    if (LlmSettings.COMPLETIONS.equals(settings.endpoint())) {
      String text = system == null || system.isEmpty() ? prompt : system + "\n\n" + prompt;
      return LlmRequest.completion(m, text, sampling, sampleIndex);
    }
    List<ChatMessage> messages = new ArrayList<>();
    if (system != null && !system.isEmpty()) {
      messages.add(ChatMessage.system(system));
    }
    messages.add(ChatMessage.user(prompt));
    return LlmRequest.chat(m, messages, sampling, sampleIndex);
  }

  /**
   * {@code request} with {@code responseFormat} (OpenAI structured outputs) when {@code
   * llm.structured-outputs} is on and the endpoint is chat; otherwise unchanged (free text, parsed
   * as before). Use where the recipe parses the answer as JSON or a number.
   */
  public LlmRequest structured(LlmRequest request, String responseFormat) {
    return settings.calls().structuredOutputs() && request.isChat() ? request.withResponseFormat(responseFormat) : request;
  }
}
