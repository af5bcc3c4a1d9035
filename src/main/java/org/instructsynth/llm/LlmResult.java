package org.instructsynth.llm;

import java.io.Serializable;

/**
 * The outcome of one request, success or not: a failed call is data, never an exception (only a
 * rejected API key aborts, see {@link LlmAuthException}).
 *
 * @param status {@value #OK}; {@value #FAILED} (transient: called again on a rerun); {@value
 *     #FAILED_PERMANENT} (a 4xx such as a bad request or content filter: terminal); {@value
 *     #CONTEXT_LENGTH} (the request does not fit the model's context: terminal, the row is rejected);
 *     {@value #SKIPPED_BUDGET}; {@value #DUPLICATE_PAID} (a second payment for a key that already had
 *     an ok row, written by the ledger commit so spend stays truthful)
 * @param model the model the server says answered; the requested model when it did not say
 * @param response the generated text; null unless {@code status} is ok
 * @param finishReason the server's {@code finish_reason}, e.g. {@code stop} or {@code length}
 *     (truncated at max_tokens); null when there is no response
 * @param latencyMs duration of the last attempt's HTTP exchange
 * @param attempts HTTP attempts made (0 when skipped)
 * @param rateLimited how many of the attempts got HTTP 429
 * @param httpStatus the last HTTP status; null when no response arrived (timeout, reset) or skipped
 * @param error what went wrong, with the server's message; the API key is redacted from it
 * @param costUsd dollars at the configured price; NaN when the model has no price (unknown, written as null)
 * @param cachedTokens prompt tokens served from the provider's prompt cache (part of promptTokens)
 */
public record LlmResult(
    String requestKey,
    String model,
    String response,
    String finishReason,
    long promptTokens,
    long completionTokens,
    long latencyMs,
    int attempts,
    int rateLimited,
    String status,
    Integer httpStatus,
    String error,
    double costUsd,
    long cachedTokens)
    implements Serializable {

  public static final String OK = "ok";
  public static final String FAILED = "failed";
  public static final String SKIPPED_BUDGET = "skipped_budget";
  public static final String FAILED_PERMANENT = "failed_permanent";
  public static final String CONTEXT_LENGTH = "context_length";
  public static final String DUPLICATE_PAID = "duplicate_paid";

  /** Statuses a rerun does not call again (unless {@code --retry-failed}, which keeps only ok). */
  public static final java.util.List<String> TERMINAL = java.util.List.of(OK, FAILED_PERMANENT, CONTEXT_LENGTH);

  /** Whether the endpoint failed this request (counts toward {@code llm.max-failure-ratio}). */
  public static boolean endpointFailure(String status) {
    return FAILED.equals(status) || FAILED_PERMANENT.equals(status);
  }

  public boolean ok() {
    return OK.equals(status);
  }

  public static LlmResult failed(String requestKey, String model, int attempts, int rateLimited, Integer httpStatus, String error, long latencyMs) {
    return new LlmResult(requestKey, model, null, null, 0, 0, latencyMs, attempts, rateLimited, FAILED, httpStatus, error, 0, 0);
  }

  /** As {@link #failed} with the status of {@code kind} ({@link LlmErrorKind#status()}). */
  public static LlmResult failed(LlmErrorKind kind, String requestKey, String model, int attempts, int rateLimited, Integer httpStatus,
      String error, long latencyMs) {
    return new LlmResult(requestKey, model, null, null, 0, 0, latencyMs, attempts, rateLimited, kind.status(), httpStatus, error, 0, 0);
  }

  public static LlmResult skippedBudget(String requestKey, String model, double budgetUsd) {
    return new LlmResult(requestKey, model, null, null, 0, 0, 0, 0, 0, SKIPPED_BUDGET, null,
        String.format(java.util.Locale.ROOT,
            "not called: llm.budget-usd %.4f was reached; raise it and rerun to call the remaining requests", budgetUsd),
        0, 0);
  }
}
