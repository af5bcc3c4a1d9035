package org.instructsynth.core.split;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SplitHashTest {
  @Test
  void bucketsAreStableUniformAndSeedDependent() {
    assertThat(SplitHash.bucket(42, "g1")).isEqualTo(SplitHash.bucket(42, "g1"));
    assertThat(SplitHash.bucket(42, "g1")).isNotEqualTo(SplitHash.bucket(43, "g1"));
    int below = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      double b = SplitHash.bucket(7, "group-" + i);
      assertThat(b).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
      if (b < 0.1) {
        below++;
      }
    }
    // Binomial(20000, 0.1): sd = 42.4; 5 sd either side.
    assertThat(below).isBetween(2000 - 212, 2000 + 212);
  }
}
