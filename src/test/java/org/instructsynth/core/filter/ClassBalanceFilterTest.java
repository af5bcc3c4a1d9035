package org.instructsynth.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ClassBalanceFilter}: self-guide/utils/output_annotation.py lines 87-95. */
class ClassBalanceFilterTest {
  record Ex(String input, String label) {}

  @Test
  void downsamplesToTheSmallestClass() {
    List<Ex> items = List.of(new Ex("1", "pos"), new Ex("2", "pos"), new Ex("3", "neg"), new Ex("4", "pos"),
        new Ex("5", "neu"), new Ex("6", "neg"));
    ClassBalanceFilter<Ex> rule = new ClassBalanceFilter<>(Ex::label, 11L);
    Filtered<Ex> f = rule.apply(items);
    assertThat(f.kept()).hasSize(3);
    assertThat(f.kept()).extracting(Ex::label).containsExactlyInAnyOrder("pos", "neg", "neu");
    assertThat(f.kept()).contains(new Ex("5", "neu"));
    assertThat(f.dropped()).hasSize(3).allMatch(d -> d.reason().equals("class_balance"));
    assertThat(f.dropped())
        .filteredOn(d -> d.item().label().equals("pos"))
        .allMatch(d -> d.detail().equals("class 'pos' has 3 items, smallest class 'neu' has 1"));
    assertThat(rule.apply(items)).isEqualTo(f);
    assertThat(rule.apply(List.of()).kept()).isEmpty();
  }

  @Test
  void labelsAreComparedExactly() {
    // "pos" and "pos\u00A0" are two classes: labels come from the label mapping, already exact
    List<Ex> items = List.of(new Ex("1", "pos"), new Ex("2", "pos\u00A0"), new Ex("3", "pos"));
    Filtered<Ex> f = new ClassBalanceFilter<Ex>(Ex::label, 1L).apply(items);
    assertThat(f.kept()).hasSize(2);
  }

  @Test
  void keptItemsInterleavedLabelByLabelInOrderOfFirstAppearance() {
    // SG-23 (output_annotation.py L84-101): labels as they first appear ("pos", "neg"), one draw each per turn
    List<Ex> items = List.of(new Ex("1", "pos"), new Ex("2", "neg"), new Ex("3", "pos"), new Ex("4", "neg"),
        new Ex("5", "pos"), new Ex("6", "zzz"), new Ex("7", "zzz"));
    for (long seed = 0; seed < 5; seed++) {
      Filtered<Ex> f = new ClassBalanceFilter<Ex>(Ex::label, seed).apply(items);
      assertThat(f.kept()).extracting(Ex::label).containsExactly("pos", "neg", "zzz", "pos", "neg", "zzz");
      assertThat(f.dropped()).hasSize(1).allMatch(d -> d.item().label().equals("pos"));
    }
  }
}
