package org.instructsynth.job;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.instructsynth.testing.SparkTestSession;

/** Runs {@link Main} in this JVM on the shared test session (never stopped), capturing stdout and stderr. */
record MainRuns(int code, String out, String err) {
  static synchronized MainRuns run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run(args, config -> SparkTestSession.get(), false);
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
