package org.instructsynth.llm;

/**
 * The server rejected the credentials (HTTP 401 or 403). Retrying cannot help and every other call
 * would fail the same way, so this aborts the stage instead of becoming a failed row.
 */
public final class LlmAuthException extends org.instructsynth.core.UserError {
  public LlmAuthException(String message) {
    super(message);
  }
}
