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
    List<String> phrases = new ArrayList<>(NoisePhraseFilter.GREETINGS);
    phrases.add("[input]");
    phrases.add("");
    NoisePhraseFilter rule = new NoisePhraseFilter(Field.INPUT, phrases);
    assertThat(rule.apply("", "[input] x Absolutely!", "").detail()).isEqualTo("contains 'Absolutely!'");
    assertThat(rule.apply("", "[input] x", "").detail()).isEqualTo("contains '[input]'");
    // a no-break space inside the phrase is a different string: no match
    assertThat(rule.apply("", "Of\u00A0course!", "").kept()).isTrue();
    assertThat(NoisePhraseFilter.GREETINGS).hasSize(14).startsWith("Sure, I'd be happy to help!").endsWith("I understand your question.");
  }

  @Test
  void theDefaultListIsTheGreetingsThenThePipelinesOptionalList() {
    // SG-12: ablation_list_filter.py L4-19 + optional_list ["input", "output", "\n\n", "\\_\\_"] (tasks.py)
    assertThat(NoisePhraseFilter.DEFAULT_PHRASES).hasSize(18).startsWith(NoisePhraseFilter.GREETINGS.toArray(String[]::new))
        .endsWith("input", "output", "\n\n", "\\_\\_");
    NoisePhraseFilter rule = new NoisePhraseFilter(Field.OUTPUT, NoisePhraseFilter.DEFAULT_PHRASES);
    assertThat(rule.apply("", "", "The output is 4").detail()).isEqualTo("contains 'output'");
    assertThat(rule.apply("", "", "Input: 4").kept()).isTrue(); // case-sensitive
    assertThat(rule.apply("", "", "one\n\ntwo").detail()).isEqualTo("contains '\\n\\n'");
    assertThat(rule.apply("", "", "one\ntwo").kept()).isTrue();
    assertThat(rule.apply("", "", "a \\_\\_ b").detail()).isEqualTo("contains '\\_\\_'");
    assertThat(rule.apply("", "", "a __ b").kept()).isTrue(); // the literal backslashes are part of it
  }
}
