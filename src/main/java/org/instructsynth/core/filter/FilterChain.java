package org.instructsynth.core.filter;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The example filters in a fixed order; the first rule that drops decides the verdict.
 *
 * <p>Order ({@link #RULE_NAMES}), cheapest and most basic first, then the order of Self-Instruct's
 * {@code post_process_gpt3_response} (length, keywords, "Write a program", punctuation, non-ASCII),
 * then the instance rules:
 *
 * <ol>
 *   <li>{@code empty-field}: {@code empty_instruction}, {@code empty_input}, {@code empty_output}
 *   <li>{@code instruction-length}: {@code instruction_too_short}, {@code instruction_too_long}
 *   <li>{@code keyword-blocklist}: {@code blocklisted_keyword}
 *   <li>{@code write-a-program}: {@code starts_with_write_a_program}
 *   <li>{@code leading-character}: {@code starts_with_punctuation}, {@code starts_with_non_ascii}
 *   <li>{@code output-equals-input}: {@code output_equals_input}
 *   <li>{@code chatter}: {@code assistant_chatter}
 * </ol>
 *
 * <p>The chain is serialisable and immutable, so one instance can be broadcast or captured by a UDF.
 */
public final class FilterChain implements Serializable {

  /** Every rule name, in chain order. */
  public static final List<String> RULE_NAMES =
      List.of(
          EmptyFieldFilter.NAME,
          InstructionLengthFilter.NAME,
          KeywordBlocklistFilter.NAME,
          WriteAProgramFilter.NAME,
          LeadingCharacterFilter.NAME,
          OutputEqualsInputFilter.NAME,
          ChatterFilter.NAME);

  private final List<ExampleFilter> filters;

  /** A chain of exactly these filters, in this order. */
  public FilterChain(List<ExampleFilter> filters) {
    this.filters = List.copyOf(filters);
  }

  /** The chain the settings describe: empty when disabled, else every rule not switched off. */
  public static FilterChain of(FilterSettings settings) {
    if (!settings.enabled()) {
      return new FilterChain(List.of());
    }
    List<ExampleFilter> filters = new ArrayList<>();
    for (String rule : RULE_NAMES) {
      if (!settings.disabledRules().contains(rule)) {
        filters.add(build(rule, settings));
      }
    }
    return new FilterChain(filters);
  }

  public static FilterChain defaults() {
    return of(FilterSettings.defaults());
  }

  private static ExampleFilter build(String rule, FilterSettings settings) {
    return switch (rule) {
      case EmptyFieldFilter.NAME -> {
        EnumSet<EmptyFieldFilter.Field> required = EnumSet.noneOf(EmptyFieldFilter.Field.class);
        for (String field : settings.requiredFields()) {
          required.add(EmptyFieldFilter.Field.parse(field));
        }
        yield new EmptyFieldFilter(required);
      }
      case InstructionLengthFilter.NAME ->
          new InstructionLengthFilter(settings.minWords(), settings.maxWords());
      case KeywordBlocklistFilter.NAME ->
          KeywordBlocklistFilter.of(settings.blocklist(), settings.extraBlocklist());
      case WriteAProgramFilter.NAME -> new WriteAProgramFilter();
      case LeadingCharacterFilter.NAME -> new LeadingCharacterFilter();
      case OutputEqualsInputFilter.NAME -> new OutputEqualsInputFilter();
      case ChatterFilter.NAME ->
          new ChatterFilter(settings.chatterPhrases(), settings.chatterCheckInstruction());
      default -> throw new IllegalArgumentException(
          "Unknown filter rule '" + rule + "', expected one of " + RULE_NAMES);
    };
  }

  public List<ExampleFilter> filters() {
    return filters;
  }

  /** Every reason code this chain can emit, in chain order. */
  public List<String> reasons() {
    List<String> reasons = new ArrayList<>();
    for (ExampleFilter filter : filters) {
      reasons.addAll(filter.reasons());
    }
    return List.copyOf(reasons);
  }

  /** The first failing rule's verdict, or {@link Verdict#keep()}; null fields count as empty. */
  public Verdict apply(String instruction, String input, String output) {
    for (ExampleFilter filter : filters) {
      Verdict verdict = filter.apply(instruction, input, output);
      if (verdict.dropped()) {
        return verdict;
      }
    }
    return Verdict.keep();
  }
}
