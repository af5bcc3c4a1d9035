package org.instructsynth.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.instructsynth.core.Instance;
import org.junit.jupiter.api.Test;

/** {@link ConflictingOutputsFilter}: prepare_for_finetuning.py lines 110-120. */
class ConflictingOutputsFilterTest {
  private final ConflictingOutputsFilter rule = new ConflictingOutputsFilter();

  @Test
  void sameInputDifferentOutputDropsTheWholeTask() {
    Instance a = new Instance("q", "1");
    Instance b = new Instance("r", "2");
    Instance c = new Instance("q", "3");
    Filtered<Instance> f = rule.apply(List.of(a, b, c));
    assertThat(f.kept()).isEmpty();
    Verdict v = Verdict.drop("conflicting_outputs", "input 'q' has different outputs; all instances of the task dropped");
    assertThat(f.dropped()).containsExactly(new Dropped<>(a, v), new Dropped<>(b, v), new Dropped<>(c, v));
  }

  @Test
  void emptyInputsAndEqualRepeatsAreNoConflict() {
    Instance a = new Instance("", "Montreal");
    Instance b = new Instance("", "Toronto");
    Instance c = new Instance("q", "1");
    Instance d = new Instance("q", "1");
    Instance e = new Instance("q\u00A0", "2"); // a different input: no stripping, as the source
    assertThat(rule.apply(List.of(a, b, c, d, e)).kept()).containsExactly(a, b, c, d, e);
    assertThat(rule.apply(List.of()).kept()).isEmpty();
  }
}
