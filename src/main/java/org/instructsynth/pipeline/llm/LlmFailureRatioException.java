package org.instructsynth.pipeline.llm;

import java.util.Locale;
import org.instructsynth.llm.LlmSettings;

/** More LLM calls failed than {@code llm.max-failure-ratio} allows; thrown after the ledger is written. */
public final class LlmFailureRatioException extends org.instructsynth.core.UserError {
  public LlmFailureRatioException(String message) {
    super(message);
  }

  /**
   * Throws when this run's endpoint failures ({@code failed}, {@code failed_permanent}) are more than
   * {@code llm.max-failure-ratio} of the stage's requests, cached ones included: a rerun that calls
   * only the few requests left is judged against the whole stage, not against those few. Requests
   * that do not fit the context are rejected rows, not endpoint failures, and are not counted.
   */
  static void check(LlmSettings settings, String ledgerPath, long requested, long failed) {
    if (requested > 0 && failed > 0 && (double) failed / requested > settings.maxFailureRatio()) {
      throw new LlmFailureRatioException(String.format(Locale.ROOT,
          "%d of the stage's %d LLM requests failed in this run (%.1f %%), more than llm.max-failure-ratio %.1f %%. The results "
              + "are in the ledger %s (status 'failed' or 'failed_permanent', column error says why); fix the cause (endpoint, "
              + "model, prompts) and rerun: ok and permanently failed rows are not called again (--retry-failed calls the "
              + "permanent failures again)",
          failed, requested, 100.0 * failed / requested, 100 * settings.maxFailureRatio(), ledgerPath));
    }
  }
}
