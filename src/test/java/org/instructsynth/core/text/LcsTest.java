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

  @Test
  void directTableEqualsDynamicProgrammingOnShortSequencesAndAnyIds() {
    Random random = new Random(20261121L);
    Lcs lcs = new Lcs();
    for (int trial = 0; trial < 20_000; trial++) {
      int alphabet = 1 + random.nextInt(trial % 2 == 0 ? 4 : 40);
      int[] a = denseSeq(random, random.nextInt(70), alphabet);
      int[] b = denseSeq(random, random.nextInt(90), alphabet);
      if (trial % 7 == 0 && a.length > 0) {
        // ids outside the direct table: negative, past its limit, or forcing it to grow
        int[] odd = {-3, Lcs.DENSE_LIMIT, Integer.MAX_VALUE, 3_000_000, 70_000};
        a[random.nextInt(a.length)] = odd[random.nextInt(odd.length)];
        if (b.length > 0) {
          b[random.nextInt(b.length)] = odd[random.nextInt(odd.length)];
        }
      }
      int expected = Lcs.dynamicProgramming(a, b);
      assertThat(lcs.length(a, b)).as("trial %d a=%s b=%s", trial, java.util.Arrays.toString(a),
          java.util.Arrays.toString(b)).isEqualTo(expected);
      assertThat(lcs.length(b, a)).isEqualTo(expected);
    }
  }

  @Test
  void offsetsSelectTheSubsequences() {
    int[] packed = {9, 9, 1, 2, 3, 2, 4, 1, 2, 7, 2, 4, 3, 1, 2, 1, 7};
    Lcs lcs = new Lcs();
    assertThat(lcs.length(packed, 2, 7, packed, 10, 6)).isEqualTo(4);
    assertThat(lcs.length(packed, 10, 6, packed, 2, 7)).isEqualTo(4);
    assertThat(lcs.length(packed, 0, 2, packed, 9, 1)).isZero();
    assertThat(lcs.length(packed, 0, 0, packed, 2, 7)).isZero();
  }

  private static int[] denseSeq(Random random, int length, int alphabet) {
    int[] s = new int[length];
    for (int i = 0; i < length; i++) {
      s[i] = random.nextInt(alphabet);
    }
    return s;
  }

  private static int[] randomSeq(Random random, int length, int alphabet) {
    int[] s = new int[length];
    for (int i = 0; i < length; i++) {
      s[i] = random.nextInt(alphabet) * 7919 - 100;
    }
    return s;
  }
}
