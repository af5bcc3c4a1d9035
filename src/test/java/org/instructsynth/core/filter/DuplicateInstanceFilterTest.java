package org.instructsynth.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.instructsynth.core.Instance;
import org.junit.jupiter.api.Test;

/** {@link DuplicateInstanceFilter}: prepare_for_finetuning.py line 123. */
class DuplicateInstanceFilterTest {

  @Test
  void keepsTheFirstOccurrenceInOrder() {
    Instance a = new Instance("", "Montreal");
    Instance b = new Instance("", "Toronto");
    Instance dup = new Instance("", "Montreal");
    Instance spaced = new Instance("", "Montreal\u00A0"); // not equal: exact comparison
    Filtered<Instance> f = new DuplicateInstanceFilter().apply(List.of(a, b, dup, spaced));
    assertThat(f.kept()).containsExactly(a, b, spaced);
    assertThat(f.dropped())
        .containsExactly(new Dropped<>(dup, Verdict.drop("duplicate_instance", "repeat of an earlier instance")));
  }
}
