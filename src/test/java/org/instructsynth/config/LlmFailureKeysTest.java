package org.instructsynth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code llm.context-tokens} and {@code run.retry-failed}: defaults, overrides, bad values. */
class LlmFailureKeysTest {
  @Test
  void defaultsAreOffAndOverridesApply() {
    JobConfig d = ConfigLoader.load(Path.of("conf/distill.yaml"), List.of());
    assertThat(d.llm().contextTokens()).isZero();
    assertThat(d.run().retryFailed()).isFalse();
    JobConfig c = ConfigLoader.load(Path.of("conf/distill.yaml"), List.of("llm.context-tokens=8192", "run.retry-failed=true"));
    assertThat(c.llm().contextTokens()).isEqualTo(8192);
    assertThat(c.run().retryFailed()).isTrue();
  }

  @Test
  void aNegativeContextIsAConfigError() {
    assertThatThrownBy(() -> ConfigLoader.load(Path.of("conf/distill.yaml"), List.of("llm.context-tokens=-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("context-tokens");
  }
}
