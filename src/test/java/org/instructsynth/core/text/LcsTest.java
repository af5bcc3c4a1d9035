package org.instructsynth.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LcsTest {

  @Test
  void smallKnownCases() {
    assertThat(Lcs.of(new int[] {}, new int[] {1, 2})).isZero();
    assertThat(Lcs.of(new int[] {1, 2, 3}, new int[] {1, 2, 3})).isEqualTo(3);
    // "ABCBDAB" vs "BDCABA": LCS 4 (CLRS 15.4).
    int[] x = {1, 2, 3, 2, 4, 1, 2};
    int[] y = {2, 4, 3, 1, 2, 1};
    assertThat(Lcs.of(x, y)).isEqualTo(4);
    assertThat(Lcs.dynamicProgramming(x, y)).isEqualTo(4);
    assertThat(Lcs.of(new int[] {-5, Integer.MIN_VALUE}, new int[] {Integer.MIN_VALUE})).isEqualTo(1);
  }

  @Test
  void wordBoundaries() {
    for (int m : new int[] {63, 64, 65, 127, 128, 129, 200}) {
      int[] a = new int[m];
      for (int i = 0; i < m; i++) {
        a[i] = i % 5;
      }
      assertThat(Lcs.of(a, a)).as("m=%d", m).isEqualTo(m);
      int[] b = new int[m + 3];
      System.arraycopy(a, 0, b, 2, m);
      b[0] = 9;
      b[1] = 9;
      b[m + 2] = 9;
      assertThat(Lcs.of(a, b)).as("m=%d", m).isEqualTo(m);
      assertThat(Lcs.of(b, a)).as("m=%d", m).isEqualTo(m);
    }
  }

  @Test
  void bitParallelEqualsDynamicProgrammingOnRandomSequences() {
    Random random = new Random(20240611L);
    Lcs lcs = new Lcs();
    for (int trial = 0; trial < 3000; trial++) {
      int alphabet = 1 + random.nextInt(trial % 3 == 0 ? 3 : 12);
      int[] a = randomSeq(random, random.nextInt(301), alphabet);
      int[] b = randomSeq(random, random.nextInt(301), alphabet);
      int expected = Lcs.dynamicProgramming(a, b);
      assertThat(lcs.length(a, b)).as("trial %d |a|=%d |b|=%d", trial, a.length, b.length)
          .isEqualTo(expected);
      assertThat(Lcs.of(b, a)).isEqualTo(expected);
    }
  }

  private static int[] randomSeq(Random random, int length, int alphabet) {
    int[] s = new int[length];
    for (int i = 0; i < length; i++) {
      s[i] = random.nextInt(alphabet) * 7919 - 100;
    }
    return s;
  }
}
