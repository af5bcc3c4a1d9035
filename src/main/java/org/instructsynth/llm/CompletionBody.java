package org.instructsynth.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Parses the JSON body of a successful {@code /chat/completions} or {@code /completions} answer,
 * online ({@link LlmClient}) or from a Batch API output file: text, finish_reason, model and usage,
 * including {@code usage.prompt_tokens_details.cached_tokens}. Missing usage is estimated.
 */
public record CompletionBody(String answer, String finishReason, String model, long promptTokens, long completionTokens, long cachedTokens) {

  /**
   * @param where the URL or batch the body came from, for messages
   * @throws IllegalArgumentException when the body is not JSON or has no choices[0] text
   */
  public static CompletionBody parse(String text, LlmRequest request, String where) {
    JsonNode root;
    try {
      root = LlmRequest.JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(where + " answered with a body that is not JSON (" + text.length() + " chars, starts "
          + abbreviate(Secrets.redact(text), 120) + ")");
    }
    return parse(root, request, where);
  }

  /** As {@link #parse(String, LlmRequest, String)} for an already parsed body. */
  public static CompletionBody parse(JsonNode root, LlmRequest request, String where) {
    JsonNode choice = root == null ? null : root.path("choices").path(0);
    if (choice == null || choice.isMissingNode()) {
      throw new IllegalArgumentException(where + " answered without choices[0]: "
          + abbreviate(Secrets.redact(String.valueOf(root)), 200));
    }
    JsonNode content = request.isChat() ? choice.path("message").path("content") : choice.path("text");
    if (content.isMissingNode()) {
      throw new IllegalArgumentException(where + " answered without "
          + (request.isChat() ? "choices[0].message.content" : "choices[0].text"));
    }
    String answer = content.isNull() ? "" : content.asText();
    String finish = choice.path("finish_reason").isTextual() ? choice.get("finish_reason").asText() : null;
    JsonNode usage = root.path("usage");
    long prompt = usage.path("prompt_tokens").isNumber() ? usage.get("prompt_tokens").asLong() : request.estimatePromptTokens();
    long completion = usage.path("completion_tokens").isNumber() ? usage.get("completion_tokens").asLong() : Tokens.estimate(answer);
    long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
    String model = root.path("model").isTextual() ? root.get("model").asText() : request.model();
    return new CompletionBody(answer, finish, model, prompt, completion, cached);
  }

  /** The ok result of this body, priced with {@code price} (cached prompt tokens at the cached rate). */
  public LlmResult toResult(String requestKey, ModelPrice price, long latencyMs, int attempts, int rateLimited, int httpStatus) {
    return new LlmResult(requestKey, model, answer, finishReason, promptTokens, completionTokens, latencyMs, attempts, rateLimited,
        LlmResult.OK, httpStatus, null, price.cost(promptTokens, cachedTokens, completionTokens), cachedTokens);
  }

  static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }
}
