package org.instructsynth.core.filter;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Drops examples whose output (and optionally instruction) contains assistant chatter: refusals,
 * "as an AI language model" disclaimers and conversational preambles that a distilled dataset
 * should not teach.
 *
 * <p>Source: the phrase lists of the "unfiltered" cleaning scripts for ShareGPT/Vicuna and
 * WizardLM data ({@code gozfarb/ShareGPT_Vicuna_unfiltered optional_clean.py},
 * {@code ehartford/WizardLM_alpaca_evol_instruct_70k_unfiltered wizardlm_clean.py}), which drop
 * responses containing "As an AI language model" and similar refusals. This class holds a
 * configurable list, {@link #DEFAULT_PHRASES} by default. Matching is a case-insensitive substring
 * test ({@link Locale#ROOT} lower case) after mapping the typographic apostrophe U+2019 to {@code '},
 * so "I’m unable to" matches "I'm unable to".
 *
 * <p>Reason code {@code assistant_chatter}; the detail names the field and the first phrase found,
 * in list order.
 */
public final class ChatterFilter extends Rule implements ExampleFilter {

  public static final String NAME = "chatter";
  public static final String REASON = ReasonCodes.ASSISTANT_CHATTER;

  /** Refusal and assistant phrases seen in LLM-generated outputs. */
  public static final List<String> DEFAULT_PHRASES =
      List.of(
          "As an AI language model",
          "As a large language model",
          "As an AI assistant",
          "I'm sorry, but I cannot",
          "I'm sorry, but I can't",
          "I cannot fulfill",
          "I can't fulfill",
          "I'm unable to",
          "I am unable to",
          "Sure, I'd be happy to help",
          "I'd be happy to help",
          "I hope this helps");

  private final List<String> phrases;
  private final List<String> needles;
  private final boolean checkInstruction;

  /**
   * @param phrases the phrases to look for; blank entries are ignored and duplicates removed
   * @param checkInstruction whether the instruction is checked too (the output always is)
   */
  public ChatterFilter(List<String> phrases, boolean checkInstruction) {
    super(NAME, List.of(REASON));
    Set<String> unique = new LinkedHashSet<>();
    for (String phrase : phrases) {
      if (phrase != null && !phrase.isBlank()) {
        unique.add(phrase.trim());
      }
    }
    this.phrases = List.copyOf(unique);
    List<String> lowered = new ArrayList<>(this.phrases.size());
    for (String phrase : this.phrases) {
      lowered.add(normalise(phrase));
    }
    this.needles = List.copyOf(lowered);
    this.checkInstruction = checkInstruction;
  }

  public static ChatterFilter defaults() {
    return new ChatterFilter(DEFAULT_PHRASES, false);
  }

  public List<String> phrases() {
    return phrases;
  }

  public boolean checkInstruction() {
    return checkInstruction;
  }

  /** The first phrase (in list order) contained in {@code text}; the rule's score. */
  public Optional<String> firstPhrase(String text) {
    if (text == null || text.isEmpty() || needles.isEmpty()) {
      return Optional.empty();
    }
    String haystack = normalise(text);
    for (int i = 0; i < needles.size(); i++) {
      if (haystack.contains(needles.get(i))) {
        return Optional.of(phrases.get(i));
      }
    }
    return Optional.empty();
  }

  @Override
  public Verdict apply(String instruction, String input, String output) {
    Optional<String> inOutput = firstPhrase(output);
    if (inOutput.isPresent()) {
      return Verdict.drop(REASON, "output contains \"" + inOutput.get() + "\"");
    }
    if (checkInstruction) {
      Optional<String> inInstruction = firstPhrase(instruction);
      if (inInstruction.isPresent()) {
        return Verdict.drop(REASON, "instruction contains \"" + inInstruction.get() + "\"");
      }
    }
    return Verdict.keep();
  }

  private static String normalise(String text) {
    return text.replace('\u2019', '\'').toLowerCase(Locale.ROOT);
  }
}
