package org.instructsynth.core.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.instructsynth.core.Instance;
import org.junit.jupiter.api.Test;

class SelfInstructInstanceFilterTest {

  @Test
  void invalidInstancesCarryTheirReason() {
    Instance same = new Instance("x", "x");
    Instance empty = new Instance("x", "");
    Instance colonIn = new Instance("Sentence:", "a");
    Instance colonOut = new Instance("b", "Answer: ");
    Instance ok = new Instance("c", "d");
    Filtered<Instance> f = SelfInstructInstanceFilter.apply(List.of(same, empty, colonIn, colonOut, ok), 5, 1L);
    assertThat(f.kept()).containsExactly(ok);
    assertThat(f.dropped())
        .containsExactly(
            new Dropped<>(same, "input_equals_output", "input equals output"),
            new Dropped<>(empty, "empty_output", "output is empty"),
            new Dropped<>(colonIn, "ends_with_colon", "input ends with ':'"),
            new Dropped<>(colonOut, "ends_with_colon", "output ends with ':'"));
  }

  @Test
  void sameInputDifferentOutputDropsTheWholeTask() {
    Instance a = new Instance("q", "1");
    Instance b = new Instance("r", "2");
    Instance c = new Instance("q", "3");
    Filtered<Instance> f = SelfInstructInstanceFilter.apply(List.of(a, b, c), 5, 1L);
    assertThat(f.kept()).isEmpty();
    String detail = "input 'q' has different outputs; all instances of the task dropped";
    assertThat(f.dropped())
        .containsExactly(
            new Dropped<>(a, "conflicting_outputs", detail),
            new Dropped<>(b, "conflicting_outputs", detail),
            new Dropped<>(c, "conflicting_outputs", detail));
  }

  @Test
  void emptyInputsWithDifferentOutputsAreNoConflict() {
    Instance a = new Instance("", "Montreal");
    Instance b = new Instance("", "Toronto");
    Instance dup = new Instance("", "Montreal");
    Filtered<Instance> f = SelfInstructInstanceFilter.apply(List.of(a, b, dup), 5, 1L);
    assertThat(f.kept()).containsExactly(a, b);
    assertThat(f.dropped()).containsExactly(new Dropped<>(dup, "duplicate_instance", "repeat of an earlier instance"));
  }

  @Test
  void capKeepsFiveDeterministicallyInOrder() {
    List<Instance> seven =
        List.of(
            new Instance("1", "a"), new Instance("2", "b"), new Instance("3", "c"), new Instance("4", "d"),
            new Instance("5", "e"), new Instance("6", "f"), new Instance("7", "g"));
    Filtered<Instance> f = SelfInstructInstanceFilter.apply(seven, 5, 99L);
    assertThat(f.kept()).hasSize(5).isSubsetOf(seven);
    assertThat(seven.indexOf(f.kept().get(0))).isLessThan(seven.indexOf(f.kept().get(4)));
    assertThat(f.dropped()).hasSize(2).allMatch(d -> d.reason().equals("instance_cap"))
        .allMatch(d -> d.detail().equals("task has 7 instances, at most 5 kept"));
    assertThat(SelfInstructInstanceFilter.apply(seven, 5, 99L)).isEqualTo(f);
  }
}
