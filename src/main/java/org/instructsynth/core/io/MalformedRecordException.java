package org.instructsynth.core.io;

/**
 * A record that cannot be read. The message says what is wrong with it, in words a user can act on;
 * the loader turns it into a {@code malformed_input} reject instead of failing the run.
 */
public final class MalformedRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedRecordException(String message) {
    super(message);
  }
}
