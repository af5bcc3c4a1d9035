package org.instructsynth.core;

import java.util.List;

/**
 * A failure written for the person running the job: what is wrong, why, and how to fix it. The entry
 * point prints its message alone (no stack trace unless {@code --debug}) and exits with the code of
 * its {@link Kind}. Only exceptions created as user errors are shown this way; anything else is a
 * programming error and keeps its stack trace.
 *
 * <p>Subclasses name particular cases (bad inputs, a rejected API key, a configuration problem); code
 * that only needs a message uses {@link #of}. Serializable like every exception, so a user error
 * thrown in a Spark task reaches the driver as the cause of the task failure.
 */
public class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of problem; decides the exit code. */
  public enum Kind {
    /** The run failed for a reason outside the configuration (exit 1); a retry may help. */
    RUN,
    /** The command line, the configuration or what it names is wrong (exit 2); fix it, a retry will not help. */
    CONFIG,
    /** Another run holds the lock of this output and date (exit 3). */
    LOCKED
  }

  private final Kind kind;

  /** A user error whose message already says what, why and how to fix. */
  public UserError(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public UserError(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** A run failure ({@link Kind#RUN}) whose message already says what, why and how to fix. */
  public UserError(String message) {
    this(Kind.RUN, message);
  }

  /** "what: why. fix" as one message. */
  public static UserError of(Kind kind, String what, String why, String fix) {
    return new UserError(kind, compose(what, why, fix));
  }

  /** Several problems found at once, one per line under a heading. */
  public static UserError of(Kind kind, String heading, List<String> problems) {
    StringBuilder sb = new StringBuilder(heading);
    for (String p : problems) {
      sb.append("\n  - ").append(p);
    }
    return new UserError(kind, sb.toString());
  }

  static String compose(String what, String why, String fix) {
    StringBuilder sb = new StringBuilder(what);
    if (why != null && !why.isBlank()) {
      sb.append(": ").append(why);
    }
    if (fix != null && !fix.isBlank()) {
      sb.append(sb.charAt(sb.length() - 1) == '.' ? " " : ". ").append(fix);
    }
    return sb.toString();
  }

  public Kind kind() {
    return kind;
  }
}
