package org.instructsynth.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeedsTest {

  @Test
  void mixIsDeterministicAndOrderSensitive() {
    assertThat(Seeds.mix(42L, 1, 2)).isEqualTo(Seeds.mix(42L, 1, 2));
    assertThat(Seeds.mix(42L, 1, 2)).isNotEqualTo(Seeds.mix(42L, 2, 1));
    assertThat(Seeds.mix(42L, 1)).isNotEqualTo(Seeds.mix(42L, 1, 0));
    assertThat(Seeds.mix(42L)).isNotEqualTo(Seeds.mix(43L));
  }

  @Test
  void sampleDrawsDistinctElements() {
    List<Integer> items = List.of(1, 2, 3, 4, 5);
    List<Integer> s = Seeds.sample(items, 3, Seeds.random(1L));
    assertThat(s).hasSize(3).doesNotHaveDuplicates().isSubsetOf(items);
    assertThat(Seeds.shuffle(items, Seeds.random(1L))).containsExactlyInAnyOrderElementsOf(items);
    assertThat(Seeds.sample(items, 0, Seeds.random(1L))).isEmpty();
    assertThatThrownBy(() -> Seeds.sample(items, 6, Seeds.random(1L))).hasMessage("cannot sample 6 of 5 items");
  }

  @Test
  void textHelpersMatchPython() {
    assertThat(Texts.collapseWhitespace(" a \t b\r\n c ")).isEqualTo("a b c");
    assertThat(Texts.stripTrailingColons("Task:::")).isEqualTo("Task");
    assertThat(Texts.length("a\uD83D\uDE00")).isEqualTo(2);
    assertThat(Texts.normaliseNewlines("a\r\nb\rc")).isEqualTo("a\nb\nc");
  }
}
