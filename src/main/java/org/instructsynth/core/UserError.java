package org.instructsynth.core;

import java.util.List;

/**
 * A failure written for the person running the job: what is wrong, why, and how to fix it. The entry
 * point prints its message alone (no stack trace unless {@code --debug}) and exits with the code of
 * its {@link Kind}. Only exceptions created as user errors are shown this way; anything else, an
 * {@link IllegalArgumentException} included, is a programming error and keeps its stack trace.
 *
 * <p>This class is the one factory of user-facing errors: {@link #config}, {@link #run}, {@link
 * #locked} and {@link #of}. Its constructors are protected, for the few subclasses that name a case
 * callers catch (a configuration listing, bad inputs, a rejected API key, too many failed calls).
 * Code that checks a value the user gave (a YAML key, a command-line option, a template, a file the
 * configuration names) throws {@link #config}; code that checks its own invariants throws {@link
 * IllegalArgumentException} or {@link IllegalStateException}, and whoever catches user errors
 * catches {@code UserError}, never {@code IllegalArgumentException}. Serializable like every
 * exception, so a user error thrown in a Spark task reaches the driver as the cause of the task
 * failure.
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

  /** A user error whose message already says what, why and how to fix; for subclasses. */
  protected UserError(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  protected UserError(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** A run failure ({@link Kind#RUN}); for subclasses. */
  protected UserError(String message) {
    this(Kind.RUN, message);
  }

  /**
   * The command line, the configuration, or a file or value it names is wrong (exit 2): {@code
   * message} says which key or option, what is wrong with it and how to fix it.
   */
  public static UserError config(String message) {
    return new UserError(Kind.CONFIG, message);
  }

  /** The run failed for a reason outside the configuration (exit 1); the message says what to do. */
  public static UserError run(String message) {
    return new UserError(Kind.RUN, message);
  }

  /** As {@link #run(String)}, keeping the cause (shown with {@code --debug}). */
  public static UserError run(String message, Throwable cause) {
    return new UserError(Kind.RUN, message, cause);
  }

  /** Another run holds the lock of this output and date (exit 3). */
  public static UserError locked(String message) {
    return new UserError(Kind.LOCKED, message);
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
