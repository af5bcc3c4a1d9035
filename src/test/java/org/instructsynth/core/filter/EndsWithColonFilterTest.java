package org.instructsynth.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link EndsWithColonFilter}: prepare_for_finetuning.py line 137. */
class EndsWithColonFilterTest {
  private final EndsWithColonFilter rule = new EndsWithColonFilter();

  @Test
  void inputOrOutputEndingWithAColonAfterStripping() {
    assertThat(rule.apply("", "Sentence:", "a")).isEqualTo(Verdict.drop("ends_with_colon", "input ends with ':'"));
    assertThat(rule.apply("", "b", "Answer: ")).isEqualTo(Verdict.drop("ends_with_colon", "output ends with ':'"));
    // Python's strip removes Unicode whitespace: no-break space and ideographic space too
    assertThat(rule.apply("", "b", "Answer:\u00A0\u3000").reason()).isEqualTo("ends_with_colon");
    assertThat(rule.apply("", "Both:", "Answer:").detail()).isEqualTo("input ends with ':'");
  }

  @Test
  void keepsColonsElsewhereAndNulls() {
    assertThat(rule.apply("", "Time: 10:30", "a:b").kept()).isTrue();
    assertThat(rule.apply("", "", "").kept()).isTrue();
    assertThat(rule.apply(null, null, null).kept()).isTrue();
    assertThat(rule.apply("", "x", "full-width colon\uFF1A").kept()).isTrue(); // only ASCII ':' as in the source
    assertThat(rule.reasons()).containsExactly(ReasonCodes.ENDS_WITH_COLON);
  }
}
