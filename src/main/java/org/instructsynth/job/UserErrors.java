package org.instructsynth.job;

import org.instructsynth.pipeline.InputFiles;

/**
 * Turns a failure into the message a user sees: what went wrong, why, and what to do. Known problems
 * (bad inputs, bad templates) show their own message; anything else shows its type and message and
 * points at the log for the stack trace.
 */
final class UserErrors {
  private UserErrors() {}

  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      if (root instanceof InputFiles.InputException) {
        break;
      }
      root = root.getCause();
    }
    if (root instanceof InputFiles.InputException || e instanceof InputFiles.InputException) {
      return "instruct-synth: " + (e instanceof InputFiles.InputException ? e : root).getMessage();
    }
    if (e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException) {
      return "instruct-synth: the run failed: " + e.getMessage();
    }
    return "instruct-synth: the run failed with " + e.getClass().getSimpleName() + ": " + e.getMessage()
        + "\nThe stack trace is in the log above. Outputs of this run_date may be incomplete; rerun the same"
        + " date after fixing the cause (reruns replace the date's partitions).";
  }
}
