package org.instructsynth.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DuplicateInputFilter}: input_generator/vllm_prompt_based.py lines 304-313. */
class DuplicateInputFilterTest {

  @Test
  void exactMatchAgainstASnapshotOfThePool() {
    List<String> pool = new ArrayList<>(List.of("old one"));
    DuplicateInputFilter rule = new DuplicateInputFilter(pool);
    pool.add("later"); // a snapshot: later additions need a new rule
    assertThat(rule.apply("", "old one", "")).isEqualTo(Verdict.drop("duplicate_input", "already in the input pool"));
    assertThat(rule.apply("", "later", "").kept()).isTrue();
    assertThat(rule.apply("", "old one ", "").kept()).isTrue(); // exact, as the source's set
    assertThat(rule.apply("", "Old one", "").kept()).isTrue();
    assertThat(rule.apply("", null, "").kept()).isTrue();
  }
}
