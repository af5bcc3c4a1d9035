package org.instructsynth.core.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScoreTextTest {

  @Test
  void aScoreJustAboveTheThresholdNeverReadsAsTheThreshold() {
    double score = 0.1 * 7; // 0.7000000000000001, as the LCS ratio can come out
    assertThat(score).isGreaterThan(0.7);
    assertThat(ScoreText.of(score, 0.7)).isEqualTo("0.7000000000000001");
    assertThat(Double.parseDouble(ScoreText.of(score, 0.7))).isGreaterThan(0.7);
    assertThat(ScoreText.of(0.70004, 0.7)).isEqualTo("0.70004");
    assertThat(ScoreText.shown(Double.parseDouble(ScoreText.of(score, 0.7)))).isEqualTo("0.7000000000000001");
  }

  @Test
  void otherScoresKeepFourDecimals() {
    assertThat(ScoreText.of(0.712345, 0.7)).isEqualTo("0.7123");
    assertThat(ScoreText.of(1.0, 0.7)).isEqualTo("1.0000");
    assertThat(ScoreText.of(0.70006, 0.7)).isEqualTo("0.7001");
    assertThat(ScoreText.shown(0.7123)).isEqualTo("0.7123");
    assertThat(ScoreText.shown(1.0)).isEqualTo("1.0000");
  }
}
