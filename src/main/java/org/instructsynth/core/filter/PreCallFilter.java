package org.instructsynth.core.filter;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The answer-independent part of the {@code filters.*} chain, run BEFORE an LLM call so that no call
 * is paid for a row the chain would drop whatever the model answers: the rules that look only at the
 * fields known before the call (the instruction, and the input when it does not come from the model).
 *
 * <p>Built from the same {@link FilterSettings} with {@link FilterChain#of}, so the rules, their
 * order, reason codes and details are exactly the final chain's: {@code empty-field} for the known
 * required fields, {@code instruction-length}, {@code keyword-blocklist}, {@code write-a-program},
 * {@code leading-character}, and {@code chatter} on the instruction when
 * {@code chatter-check-instruction} is set. {@code output-equals-input}, the output's emptiness and
 * the output's chatter need the answer and stay with the final chain. A row this filter keeps can
 * still be dropped later by those; a row it drops would have been dropped by the final chain (by
 * this rule or by an answer-dependent rule placed earlier in the chain), so the output is the same.
 */
public final class PreCallFilter implements Serializable {
  private static final long serialVersionUID = 1L;

  private final FilterChain chain;
  private final boolean inputKnown;

  private PreCallFilter(FilterChain chain, boolean inputKnown) {
    this.chain = chain;
    this.inputKnown = inputKnown;
  }

  /**
   * @param inputKnown whether the input is known before the call (distill: the dataset's input) or
   *     written by the model (self-guide, self-instruct instances)
   */
  public static PreCallFilter of(FilterSettings settings, boolean inputKnown) {
    List<String> required = new ArrayList<>();
    for (String field : settings.requiredFields()) {
      String f = field.toLowerCase(Locale.ROOT);
      if (f.equals("instruction") || (inputKnown && f.equals("input"))) {
        required.add(f);
      }
    }
    List<String> disabled = new ArrayList<>(settings.disabledRules());
    disabled.add(OutputEqualsInputFilter.NAME);
    if (!settings.chatterCheckInstruction()) {
      disabled.add(ChatterFilter.NAME);
    }
    return new PreCallFilter(FilterChain.of(settings.withRequiredFields(required).withDisabledRules(disabled)), inputKnown);
  }

  /** The verdict on what is known before the call; the output is not looked at. */
  public Verdict apply(String instruction, String input) {
    // The chatter rule always looks at the output: an empty one holds no phrase.
    return chain.apply(instruction, inputKnown ? input : "", "");
  }

  /** Whether any rule is left (false when the filters are off or every rule needs the answer). */
  public boolean active() {
    return !chain.filters().isEmpty();
  }
}
