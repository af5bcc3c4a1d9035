package org.instructsynth.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
  private static String[] captured = new String[2];

  private static int run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      return Main.run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
      captured = new String[] {o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }
  }

  @Test
  void mistypedKeysExitWithOneMessageListingEveryProblem() {
    int code = run("conf/curate.yaml", "--set", "split.eval-fractoin=0.2", "--set=output.formt=jsonl",
        "--set", "dedup.threshold=2");
    assertThat(code).isEqualTo(2);
    assertThat(captured[1])
        .startsWith("instruct-synth: Invalid configuration 'conf/curate.yaml': 3 problems.")
        .contains("split.eval-fractoin: is not a known key in 'split'; did you mean 'eval-fraction'?")
        .contains("output.formt: is not a known key in 'output'; did you mean 'format'?")
        .contains("dedup.threshold: must be above 0.0 and below 1.0, found 2.0");
  }

  @Test
  void badCommandLinesExplainUsage() {
    assertThat(run()).isEqualTo(2);
    assertThat(captured[1]).contains("no config file given").contains("usage: instruct-synth CONFIG.yaml");
    assertThat(run("a.yaml", "b.yaml")).isEqualTo(2);
    assertThat(captured[1]).contains("more than one config file given");
    assertThat(run("a.yaml", "--sett", "x=1")).isEqualTo(2);
    assertThat(captured[1]).contains("unknown option '--sett'");
    assertThat(run("--help")).isZero();
    assertThat(captured[0]).contains("usage:");
  }
}
