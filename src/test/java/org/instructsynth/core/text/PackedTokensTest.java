package org.instructsynth.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedTokensTest {

  @Test
  void packedScoresEqualPerArrayScores() {
    Random random = new Random(7);
    PackedTokens packed = new PackedTokens(2, 4); // forces both arrays to grow
    List<int[]> arrays = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int[] seq = new int[random.nextInt(i % 10 == 0 ? 150 : 20)];
      for (int k = 0; k < seq.length; k++) {
        seq[k] = random.nextInt(30);
      }
      assertThat(packed.add(seq)).isEqualTo(i);
      arrays.add(seq);
    }
    assertThat(packed.size()).isEqualTo(300);
    Lcs lcs = new Lcs();
    for (int i = 0; i < 300; i++) {
      assertThat(packed.get(i)).isEqualTo(arrays.get(i));
      assertThat(packed.length(i)).isEqualTo(arrays.get(i).length);
      for (int j = 0; j < 300; j += 7) {
        int[] a = arrays.get(i);
        int[] b = arrays.get(j);
        assertThat(packed.lcs(lcs, i, j)).isEqualTo(Lcs.dynamicProgramming(a, b));
        assertThat(packed.fmeasure(lcs, i, j))
            .isEqualTo(a.length == 0 || b.length == 0 ? 0.0 : RougeL.score(a, b).fmeasure());
      }
    }
  }
}
