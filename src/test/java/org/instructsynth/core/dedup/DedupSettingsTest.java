package org.instructsynth.core.dedup;

import static org.assertj.core.api.Assertions.assertThat;

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

  // The ranges of dedup.* are checked where the YAML is bound: config/ConfigValidationTest.
}
