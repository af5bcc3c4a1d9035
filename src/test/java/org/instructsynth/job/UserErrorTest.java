package org.instructsynth.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.instructsynth.config.ConfigLoader;
import org.instructsynth.core.UserError;
import org.instructsynth.core.prompt.Template;
import org.instructsynth.core.templatize.TemplateSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User-facing errors come only from {@link UserError}'s factory: they print one message without a
 * stack trace (exit 2 for configuration), while every other exception, an {@link
 * IllegalArgumentException} included, is a bug that keeps its trace (exit 1).
 */
class UserErrorTest {

  @Test
  void aProgrammingIllegalArgumentExceptionKeepsItsStackTraceAndExits1(@TempDir Path out) {
    MainRuns r = MainRuns.run(config -> {
      throw new IllegalArgumentException("a bug while building the session");
    }, "conf/curate.yaml", "--set", "output.path=" + out);
    assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.stackTrace()).as(r.err()).isTrue();
    assertThat(r.err()).contains("IllegalArgumentException: a bug while building the session")
        .contains("This is a bug in instruct-synth");
  }

  @Test
  void aBadTemplateInTheConfigurationIsOneMessageWithoutTraceAndExits2(@TempDir Path out) {
    MainRuns r = MainRuns.run("conf/curate.yaml", "--set", "output.path=" + out,
        "--set", "export.prompt-template=Answer {instruction");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.CONFIG);
    assertThat(r.stackTrace()).as(r.err()).isFalse();
    assertThat(r.err()).contains("export.prompt-template").contains("unterminated '{'");
  }

  @Test
  void aRuleBetweenTwoKeysIsReportedWithTheKeyWithoutTrace(@TempDir Path out) {
    MainRuns r = MainRuns.run("conf/distill.yaml", "--set", "output.path=" + out,
        "--set", "llm.simulator.rate-429=0.7", "--set", "llm.simulator.rate-5xx=0.7");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.CONFIG);
    assertThat(r.stackTrace()).as(r.err()).isFalse();
    assertThat(r.err()).contains("llm.simulator.rate-5xx: plus rate-429 must be at most 1 (they are shares of the "
        + "same requests), found 0.7 + 0.7");
  }

  @Test
  void aBadCommandLineIsAUserError() {
    MainRuns r = MainRuns.run("conf/curate.yaml", "--no-such-option");
    assertThat(r.code()).isEqualTo(ExitCodes.CONFIG);
    assertThat(r.stackTrace()).isFalse();
    assertThat(r.err()).contains("unknown option '--no-such-option'").contains("usage:");
  }

  @Test
  void userInputChecksThrowFromTheFactoryAndInvariantsStayIllegalArgument() {
    assertThatThrownBy(() -> Template.compile("t", "Do {x"))
        .isInstanceOf(UserError.class)
        .satisfies(e -> assertThat(((UserError) e).kind()).isEqualTo(UserError.Kind.CONFIG));
    assertThatThrownBy(() -> TemplateSet.parse("sentiment", "nothing: here"))
        .isInstanceOf(UserError.class);
    // A settings value is checked where the YAML is bound, and reported as a configuration error.
    assertThatThrownBy(() -> ConfigLoader.load(Path.of("conf/self-instruct.yaml"),
            List.of("llm.simulator.min-latency=5ms", "llm.simulator.max-latency=1ms")))
        .isInstanceOf(UserError.class)
        .satisfies(e -> assertThat(((UserError) e).kind()).isEqualTo(UserError.Kind.CONFIG))
        .hasMessageContaining("llm.simulator.max-latency: must be at least min-latency (5ms), found 1ms");
    // Rendering with the wrong values is the code's mistake, not the user's.
    assertThatThrownBy(() -> Template.compile("t", "{a}").render(Map.of("b", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .isNotInstanceOf(UserError.class);
    Failures.Outcome user = Failures.of(UserError.config("dedup.field: 'body' is not a field"), false);
    assertThat(user.exitCode()).isEqualTo(ExitCodes.CONFIG);
    assertThat(user.showTrace()).isFalse();
    Failures.Outcome bug = Failures.of(new IllegalArgumentException("not for users"), false);
    assertThat(bug.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(bug.showTrace()).isTrue();
  }
}
