package org.instructsynth.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.instructsynth.core.filter.EmptyFieldFilter.Field;
import org.junit.jupiter.api.Test;

/** {@link NoisePhraseFilter}: ablation_list_filter.py lines 4-19 and 45. */
class NoisePhraseFilterTest {

  @Test
  void caseSensitiveSubstringOfTheConfiguredField() {
    NoisePhraseFilter rule = new NoisePhraseFilter(Field.OUTPUT, NoisePhraseFilter.DEFAULT_PHRASES);
    assertThat(rule.apply("", "", "Of course! Paris.")).isEqualTo(Verdict.drop("noise_phrase", "contains 'Of course!'"));
    assertThat(rule.apply("", "", "of course! Paris.").kept()).isTrue(); // exact case, as the source
    assertThat(rule.apply("", "Of course!", "Paris").kept()).isTrue(); // only the output is checked
    assertThat(rule.apply(null, null, null).kept()).isTrue();
  }

  @Test
  void firstPhraseInListOrderAndTaskSpecificExtras() {
    List<String> phrases = new ArrayList<>(NoisePhraseFilter.DEFAULT_PHRASES);
    phrases.add("[input]");
    phrases.add("");
    NoisePhraseFilter rule = new NoisePhraseFilter(Field.INPUT, phrases);
    assertThat(rule.apply("", "[input] x Absolutely!", "").detail()).isEqualTo("contains 'Absolutely!'");
    assertThat(rule.apply("", "[input] x", "").detail()).isEqualTo("contains '[input]'");
    // a no-break space inside the phrase is a different string: no match
    assertThat(rule.apply("", "Of\u00A0course!", "").kept()).isTrue();
    assertThat(NoisePhraseFilter.DEFAULT_PHRASES).hasSize(14).startsWith("Sure, I'd be happy to help!");
  }
}
