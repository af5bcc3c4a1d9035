package org.instructsynth.core.filter;

import java.io.Serializable;
import java.util.List;

/**
 * What every rule has besides its decision: a stable kebab-case name and the reason codes it can
 * emit, each checked against {@link ReasonCodes} when the rule is built (after datatrove's
 * {@code BaseFilter}, which holds the name and counts what it drops). Rules extend this and implement
 * {@link ExampleFilter} or {@link SetFilter}.
 */
public abstract class Rule implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final List<String> reasons;

  protected Rule(String name, List<String> reasons) {
    this.name = name;
    this.reasons = List.copyOf(reasons);
    this.reasons.forEach(ReasonCodes::require);
  }

  /** Stable kebab-case rule name. */
  public final String name() {
    return name;
  }

  /** Every reason code this rule can emit, in a fixed order. */
  public final List<String> reasons() {
    return reasons;
  }
}
