package org.instructsynth.job;

import java.io.UncheckedIOException;
import java.util.List;
import org.instructsynth.llm.LlmAuthException;
import org.instructsynth.pipeline.InputFiles;
import org.instructsynth.pipeline.llm.LlmFailureRatioException;

/**
 * Turns a failure into the message a user sees: what went wrong, why, and what to do. Exceptions
 * written for users (bad inputs, a rejected API key, too many failed LLM calls, unreadable templates)
 * show their own message, found anywhere in the cause chain (Spark wraps task failures); anything else
 * shows its type and message, and {@link Main} logs its stack trace.
 */
final class UserErrors {
  private static final List<Class<? extends Throwable>> FOR_USERS = List.of(
      InputFiles.InputException.class, LlmAuthException.class, LlmFailureRatioException.class,
      UncheckedIOException.class, IllegalArgumentException.class);

  private UserErrors() {}

  /** The user-facing exception in {@code e}'s cause chain, or null when there is none. */
  static Throwable forUser(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (Class<? extends Throwable> c : FOR_USERS) {
        if (c.isInstance(t)) {
          return t;
        }
      }
    }
    return null;
  }

  static String describe(Throwable e) {
    Throwable user = forUser(e);
    if (user != null) {
      return "instruct-synth: the run failed: " + user.getMessage();
    }
    return "instruct-synth: the run failed with " + e.getClass().getSimpleName() + ": " + e.getMessage()
        + "\nThe stack trace is in the log above. Outputs of this run_date may be incomplete; rerun the same"
        + " date after fixing the cause (reruns replace the date's partitions).";
  }
}
