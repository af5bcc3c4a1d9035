package org.instructsynth.core.filter;

import java.io.Serializable;
import java.util.List;

/**
 * One keep-or-drop rule over an (instruction, input, output) example.
 *
 * <p>Contract, after datatrove's {@code BaseFilter} and NeMo Curator's heuristic filters (one small
 * named class per rule): {@link #apply} never throws for any strings, treats {@code null} as the empty
 * string, and a dropped {@link Verdict} carries one of {@link #reasons()}. Implementations hold only
 * serialisable configuration so they can ship to Spark executors inside a UDF.
 */
public interface ExampleFilter extends Serializable {

  /** Stable kebab-case rule name, the key used to switch the rule off in {@link FilterSettings}. */
  String name();

  /**
   * Every reason code this rule can emit, in a fixed order. Most rules have one; a rule with two
   * bounds or two fields has one code per bound or field.
   */
  List<String> reasons();

  /** Judges one example; {@code null} fields count as empty strings. */
  Verdict apply(String instruction, String input, String output);
}
