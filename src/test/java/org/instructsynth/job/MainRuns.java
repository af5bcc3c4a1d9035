package org.instructsynth.job;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.instructsynth.config.JobConfig;
import org.instructsynth.testing.SparkTestSession;

/** Runs {@link Main} in this JVM on the shared test session (never stopped), capturing stdout and stderr. */
record MainRuns(int code, String out, String err) {
  static MainRuns run(String... args) {
    return run(config -> SparkTestSession.get(), args);
  }

  /** As {@link #run(String...)} with another way to get the session (such as one that fails). */
  static synchronized MainRuns run(Function<JobConfig, SparkSession> sessions, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run(args, sessions, false);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new MainRuns(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
  }

  /** Whether stderr holds a Java stack trace. */
  boolean stackTrace() {
    return err.contains("\tat ") || err.contains("Exception in thread");
  }
}
