package org.instructsynth.core.filter;

import java.io.Serializable;
import java.util.List;

/**
 * A rule that decides over a set of items at once (a task's instances, a task's voted examples)
 * because its decision for one item depends on the others: conflicting outputs, repeats, the instance
 * cap, class balancing. Per-item rules are {@link ExampleFilter}s. Never throws for any items; kept
 * items stay in input order.
 */
public interface SetFilter<T> extends Serializable {

  /** Stable kebab-case rule name. */
  String name();

  /** Every reason code this rule can emit. */
  List<String> reasons();

  Filtered<T> apply(List<T> items);
}
