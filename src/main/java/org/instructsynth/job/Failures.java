package org.instructsynth.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.SparkThrowable;
import org.instructsynth.core.UserError;

/**
 * Turns a failure into what the user sees and the exit code. Three cases:
 *
 * <ul>
 *   <li>a {@link UserError} anywhere in the cause chain (Spark wraps task failures): its own message,
 *       exit code by its kind, no stack trace unless {@code --debug};
 *   <li>a failure of the environment: only checked exceptions (Spark's SparkException and
 *       AnalysisException, Hadoop's IOException...), UncheckedIOException and Spark's own error
 *       classes in the chain: one short message (what, why, what to do), exit 1, no stack trace unless
 *       {@code --debug};
 *   <li>anything else (NullPointerException, IllegalStateException, ClassCastException, an Error...) is
 *       a programming error: exit 1 with its stack trace.
 * </ul>
 */
final class Failures {
  /**
   * @param showTrace print the stack trace (always for programming errors, for others with --debug)
   */
  record Outcome(int exitCode, String message, boolean showTrace) {}

  private Failures() {}

  static Outcome of(Throwable e, boolean debug) {
    UserError user = userError(e);
    if (user != null) {
      int code = switch (user.kind()) {
        case CONFIG -> ExitCodes.CONFIG;
        case LOCKED -> ExitCodes.LOCKED;
        case RUN -> ExitCodes.FAILED;
      };
      String prefix = user.kind() == UserError.Kind.RUN ? "instruct-synth: the run failed: " : "instruct-synth: ";
      return new Outcome(code, prefix + user.getMessage(), debug);
    }
    for (Throwable t = e; t != null; t = next(t)) {
      if (t instanceof OutOfMemoryError) {
        return new Outcome(ExitCodes.FAILED, "instruct-synth: the run failed: the driver ran out of memory ("
            + firstLine(t) + "). Give it more heap (spark-submit --driver-memory 8g, or HEAP=8g for jobs/run-local.sh)"
            + " or fewer rows per run, then rerun the same date.", debug);
      }
    }
    if (environmental(e)) {
      return new Outcome(ExitCodes.FAILED, environmentMessage(e) + (debug ? "" : " Add --debug to see the stack trace."), debug);
    }
    return new Outcome(ExitCodes.FAILED, "instruct-synth: the run failed with " + e.getClass().getSimpleName() + ": "
        + e.getMessage() + "\nThis is a bug in instruct-synth; its stack trace is above. Outputs of this run_date may be"
        + " incomplete; rerun the same date after fixing the cause (reruns replace the date's partitions).", true);
  }

  /** The user error in {@code e}'s cause chain, or null when there is none. */
  static UserError userError(Throwable e) {
    for (Throwable t = e; t != null; t = next(t)) {
      if (t instanceof UserError u) {
        return u;
      }
    }
    return null;
  }

  /**
   * True for a failure of the environment: the outermost exception is checked (Spark's SparkException
   * and AnalysisException, Hadoop's IOException...), an UncheckedIOException or one of Spark's error
   * classes, and nothing in the chain is a programming error. A library's plain RuntimeException under
   * a Spark failure (Parquet's "not a Parquet file") is part of the environment's story.
   */
  static boolean environmental(Throwable e) {
    boolean checked = !(e instanceof RuntimeException) && !(e instanceof Error);
    if (!(checked || e instanceof UncheckedIOException || e instanceof SparkThrowable)) {
      return false;
    }
    for (Throwable t = e; t != null; t = next(t)) {
      if (programming(t)) {
        return false;
      }
    }
    return true;
  }

  /** The exceptions that mean a bug wherever they come from, and every Error. */
  private static boolean programming(Throwable t) {
    return t instanceof Error || t instanceof NullPointerException || t instanceof IllegalStateException
        || t instanceof IllegalArgumentException || t instanceof ClassCastException
        || t instanceof IndexOutOfBoundsException || t instanceof ArithmeticException
        || t instanceof UnsupportedOperationException || t instanceof java.util.NoSuchElementException
        || t instanceof java.util.ConcurrentModificationException || t instanceof ArrayStoreException
        || t instanceof SparkThrowable st && st.isInternalError();
  }

  private static String environmentMessage(Throwable e) {
    Throwable root = e;
    for (Throwable t = e; t != null; t = next(t)) {
      root = t;
    }
    String condition = e instanceof SparkThrowable st && st.getCondition() != null ? st.getCondition() : "";
    boolean io = root instanceof IOException || e instanceof UncheckedIOException || e instanceof IOException
        || condition.contains("FILE");
    String what = firstLine(e);
    String cause = root == e ? "" : " (caused by " + root.getClass().getSimpleName() + ": " + firstLine(root) + ")";
    String why;
    String fix;
    if (io) {
      why = "a file operation failed";
      fix = "check that the paths in the configuration exist and hold what they should (no other tool's files under"
          + " output.path), that this user may read the inputs and write output.path, and that the file system is"
          + " reachable";
    } else if (e.getClass().getSimpleName().equals("AnalysisException")) {
      why = "Spark could not read or plan a table";
      fix = "check that the files under output.path and the inputs have the expected format (a table written by"
          + " another tool or version?)";
    } else {
      why = "a Spark job failed";
      fix = "see the failed task's error in the driver or executor logs (lost executors and out-of-memory are common"
          + " causes; raise spark.executor.memory or reduce the partition size)";
    }
    return "instruct-synth: the run failed: " + why + ": " + e.getClass().getSimpleName() + ": " + what + cause
        + "\nWhat to do: " + fix + ", then rerun the same date (reruns replace the date's partitions; LLM calls already"
        + " made are not paid again).";
  }

  private static Throwable next(Throwable t) {
    return t.getCause() == t ? null : t.getCause();
  }

  static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? "(no message)" : e.getMessage().strip();
    int nl = m.indexOf('\n');
    m = nl < 0 ? m : m.substring(0, nl);
    return m.length() > 300 ? m.substring(0, 300) + "..." : m;
  }
}
