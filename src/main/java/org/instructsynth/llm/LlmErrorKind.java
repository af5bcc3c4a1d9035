package org.instructsynth.llm;

import java.util.Locale;

/**
 * What an unsuccessful HTTP answer means for the request, decided from the status and the body.
 *
 * <ul>
 *   <li>{@link #CONTEXT_LENGTH}: the prompt plus max_tokens does not fit the model's context,
 *       recognised by the message whatever the status (llama.cpp answers HTTP 500 "Input prompt is
 *       too big compared to KV size" or 400 "exceeds the available context size"; vLLM and OpenAI
 *       400 "maximum context length", code {@code context_length_exceeded}). Not retried; the row is
 *       rejected, the endpoint is not at fault.
 *   <li>{@link #AUTH}: 401, 403.
 *   <li>{@link #TRANSIENT}: 408, 409, 429 and 5xx: retried now, called again on a rerun.
 *   <li>{@link #PERMANENT}: any other 4xx (bad request, content filter, unknown model) or 3xx: not retried,
 *       terminal in the ledger unless the run is started with {@code --retry-failed}.
 * </ul>
 */
public enum LlmErrorKind {
  TRANSIENT,
  PERMANENT,
  CONTEXT_LENGTH,
  AUTH;

  private static final String[] CONTEXT_MESSAGES = {
    "context_length_exceeded", "exceed_context_size", "maximum context length", "context length", "context size",
    "context window", "too big compared to kv size", "input prompt is too big", "prompt is too long"
  };

  public static LlmErrorKind classify(int code, String body) {
    if (isContextLength(body)) {
      return CONTEXT_LENGTH;
    }
    if (code == 401 || code == 403) {
      return AUTH;
    }
    if (code == 408 || code == 409 || code == 429 || code >= 500) {
      return TRANSIENT;
    }
    return PERMANENT;
  }

  /** Whether a server's error text says the request does not fit the context. */
  public static boolean isContextLength(String body) {
    if (body == null) {
      return false;
    }
    String b = body.toLowerCase(Locale.ROOT);
    for (String m : CONTEXT_MESSAGES) {
      if (b.contains(m)) {
        return true;
      }
    }
    return false;
  }

  /** The ledger status of a request whose last answer was of this kind. */
  public String status() {
    return switch (this) {
      case CONTEXT_LENGTH -> LlmResult.CONTEXT_LENGTH;
      case PERMANENT -> LlmResult.FAILED_PERMANENT;
      default -> LlmResult.FAILED;
    };
  }
}
