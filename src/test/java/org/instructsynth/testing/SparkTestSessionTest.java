package org.instructsynth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SparkTestSessionTest {
  @Test
  void sharedSessionRunsAJob() {
    assertThat(SparkTestSession.get().range(10).count()).isEqualTo(10L);
    assertThat(SparkTestSession.get()).isSameAs(SparkTestSession.get());
  }
}
