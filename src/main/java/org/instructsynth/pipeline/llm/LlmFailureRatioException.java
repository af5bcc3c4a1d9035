package org.instructsynth.pipeline.llm;

/** More LLM calls failed than {@code llm.max-failure-ratio} allows; thrown after the ledger is written. */
public final class LlmFailureRatioException extends org.instructsynth.core.UserError {
  public LlmFailureRatioException(String message) {
    super(message);
  }
}
