package org.instructsynth.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.instructsynth.core.Instance;
import org.junit.jupiter.api.Test;

/** {@link InstanceCapFilter}: prepare_for_finetuning.py line 225. */
class InstanceCapFilterTest {
  private static final List<Instance> SEVEN =
      List.of(new Instance("1", "a"), new Instance("2", "b"), new Instance("3", "c"), new Instance("4", "d"),
          new Instance("5", "e"), new Instance("6", "f"), new Instance("7", "g"));

  @Test
  void keepsFiveDeterministicallyInOrder() {
    Filtered<Instance> f = new InstanceCapFilter<Instance>(5, 99L).apply(SEVEN);
    assertThat(f.kept()).hasSize(5).isSubsetOf(SEVEN);
    for (int i = 1; i < f.kept().size(); i++) {
      assertThat(SEVEN.indexOf(f.kept().get(i - 1))).isLessThan(SEVEN.indexOf(f.kept().get(i)));
    }
    assertThat(f.dropped()).hasSize(2).allMatch(d -> d.reason().equals("instance_cap"))
        .allMatch(d -> d.detail().equals("task has 7 instances, at most 5 kept"));
    assertThat(new InstanceCapFilter<Instance>(5, 99L).apply(SEVEN)).isEqualTo(f);
  }

  @Test
  void theSeedDecidesWhichAreKept() {
    long distinct = java.util.stream.LongStream.range(0, 20)
        .mapToObj(s -> new InstanceCapFilter<Instance>(5, s).apply(SEVEN).kept()).distinct().count();
    assertThat(distinct).isGreaterThan(1);
  }

  @Test
  void atOrUnderTheCapKeepsAll() {
    assertThat(new InstanceCapFilter<Instance>(7, 1L).apply(SEVEN).kept()).isEqualTo(SEVEN);
    assertThat(new InstanceCapFilter<Instance>(1, 1L).apply(List.of()).kept()).isEmpty();
    assertThatThrownBy(() -> new InstanceCapFilter<Instance>(0, 1L))
        .hasMessage("max instances per task must be >= 1, got 0");
  }
}
