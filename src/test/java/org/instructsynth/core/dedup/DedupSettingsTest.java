package org.instructsynth.core.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.instructsynth.core.text.RougeScoreTokenizer;
import org.junit.jupiter.api.Test;

class DedupSettingsTest {

  @Test
  void defaultsFollowSelfInstruct() {
    DedupSettings d = DedupSettings.defaults();
    assertThat(d.threshold()).isEqualTo(0.7);
    assertThat(d.tokenizer()).isEqualTo("rouge-score");
    assertThat(d.useStemmer()).isFalse();
    assertThat(d.method()).isEqualTo("prefix-filter");
    assertThat(d.similarityFloor()).isEqualTo(0.5);
    assertThat(d.tokenizerInstance()).isEqualTo(new RougeScoreTokenizer(false));
  }

  @Test
  void invalidValuesAreRejectedWithTheValue() {
    DedupSettings d = DedupSettings.defaults();
    assertThatThrownBy(() -> d.withThresholds(1.0, 0.5)).hasMessageContaining("1.0");
    assertThatThrownBy(() -> d.withThresholds(0.7, 0.8)).hasMessageContaining("0.8");
    assertThatThrownBy(() -> d.withMethod("minhash")).hasMessageContaining("'minhash'");
    assertThatThrownBy(() -> d.withTokenizer("spaces")).hasMessageContaining("'spaces'");
    assertThatThrownBy(() -> d.withMaxGroupSize(1)).hasMessageContaining("1");
  }
}
