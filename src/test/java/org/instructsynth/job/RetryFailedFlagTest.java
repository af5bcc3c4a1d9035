package org.instructsynth.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetryFailedFlagTest {
  @Test
  void retryFailedMapsToTheRunKey() {
    Main.Arguments a = Main.Arguments.parse(new String[] {"conf/distill.yaml", "--retry-failed"});
    assertThat(a.overrides()).containsExactly("run.retry-failed=true");
    assertThat(Main.USAGE).contains("--retry-failed");
  }
}
