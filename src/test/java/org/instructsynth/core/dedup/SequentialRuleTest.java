package org.instructsynth.core.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.instructsynth.core.text.RougeL;
import org.junit.jupiter.api.Test;

class SequentialRuleTest {
  private final SequentialRule rule = DedupSettings.defaults().rule();

  @Test
  void aRowIsDroppedOnlyWhenAnEarlierKeptRowScoresStrictlyAboveTheThreshold() {
    assertThat(rule.threshold()).isEqualTo(0.7);
    assertThat(rule.drops(false, 0.7)).isFalse();
    assertThat(rule.drops(false, Math.nextUp(0.7))).isTrue();
    assertThat(rule.drops(false, -1)).isFalse(); // nothing kept before it
    assertThat(rule.drops(true, 1.0)).isFalse(); // references are never dropped
    // rouge_score's doubles: 7 tokens inside 13 score 0.7000000000000001, a duplicate as in the papers.
    assertThat(rule.duplicate(RougeL.fmeasure(7, 7, 13))).isTrue();
  }

  @Test
  void everyEngineDecidesWithTheRule() {
    List<DedupRecord> records = List.of(
        new DedupRecord("seed", new int[] {1, 2, 3, 4, 5, 6, 7}, true),
        new DedupRecord("copy", new int[] {1, 2, 3, 4, 5, 6, 7}, false),
        new DedupRecord("seven-of-thirteen", new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, false),
        new DedupRecord("other", new int[] {20, 21, 22}, false));
    for (List<DedupDecision> decisions : List.of(
        SequentialDedup.bruteForce(records, 0.7, 0.5), SequentialDedup.indexed(records, 0.7, 0.5))) {
      assertThat(decisions).extracting(DedupDecision::kept).containsExactly(true, false, false, true);
      assertThat(decisions.get(2).dupOf()).isEqualTo("seed");
    }
  }

  @Test
  void theThresholdIsCheckedOnce() {
    assertThatThrownBy(() -> new SequentialRule(1.0)).hasMessageContaining("1.0");
    assertThatThrownBy(() -> new SequentialRule(0)).hasMessageContaining("0.0");
  }
}
