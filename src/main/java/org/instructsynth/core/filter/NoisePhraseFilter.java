package org.instructsynth.core.filter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * SELF-GUIDE's list filter: drops a generated input or answer that contains a canned assistant phrase
 * or a task-specific noise string, as a case-sensitive substring.
 *
 * <p>Source: {@code zhaochenyang20/Prompt2Model-Self-Distill
 * prompt2model/quality_evaluator/ablation_list_filter.py} lines 4-19 (the {@code greetings},
 * {@link #GREETINGS}) and line 45 ({@code if not any(greeting in s for greeting in greetings)}),
 * extended by {@code optional_list} (line 43; {@link #OPTIONAL}); {@link #DEFAULT_PHRASES} is both, the
 * default of {@code self-guide.noise-phrases}. Unlike
 * {@link ChatterFilter} (curate's refusal list, case-insensitive), the match is exact, as in the source.
 *
 * <p>Reason code {@code noise_phrase}; the detail names the first phrase found, in list order.
 */
public final class NoisePhraseFilter extends Rule implements ExampleFilter {

  public static final String NAME = "noise-phrase";
  public static final String REASON = ReasonCodes.NOISE_PHRASE;

  /** The source's {@code greetings}, in source order. */
  public static final List<String> GREETINGS =
      List.of(
          "Sure, I'd be happy to help!",
          "Of course!",
          "Let me check on that.",
          "I'm here to help.",
          "Great question!",
          "Let me see.",
          "That's a good question.",
          "Thanks for asking.",
          "Let me help you with that.",
          "No problem, here's the answer.",
          "I'm glad you asked.",
          "Alright, let me explain.",
          "Absolutely!",
          "I understand your question.");

  /**
   * The {@code optional_list} both SELF-GUIDE pipelines pass (SG-12; self-guide-classification.py
   * L71, L90 and self-guide/utils/tasks.py): the words {@code input} and {@code output}, a blank line
   * and the two characters {@code \_} twice ({@code "\\_\\_"} in Python).
   */
  public static final List<String> OPTIONAL = List.of("input", "output", "\n\n", "\\_\\_");

  /** The default list: {@link #GREETINGS} then {@link #OPTIONAL}, as the source checks them. */
  public static final List<String> DEFAULT_PHRASES =
      java.util.stream.Stream.concat(GREETINGS.stream(), OPTIONAL.stream()).toList();

  private final EmptyFieldFilter.Field field;
  private final List<String> phrases;

  /** Checks {@code field} for any of {@code phrases} (empty entries ignored). */
  public NoisePhraseFilter(EmptyFieldFilter.Field field, Collection<String> phrases) {
    super(NAME, List.of(REASON));
    this.field = Objects.requireNonNull(field, "field");
    List<String> list = new ArrayList<>();
    for (String p : phrases) {
      if (p != null && !p.isEmpty()) {
        list.add(p);
      }
    }
    this.phrases = List.copyOf(list);
  }

  /** The first phrase (in list order) that {@code text} contains. */
  public Optional<String> firstPhrase(String text) {
    if (text == null) {
      return Optional.empty();
    }
    for (String p : phrases) {
      if (text.contains(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  @Override
  public Verdict apply(String instruction, String input, String output) {
    return firstPhrase(field.of(instruction, input, output))
        .map(p -> Verdict.drop(REASON, "contains '" + p.replace("\n", "\\n") + "'"))
        .orElse(Verdict.keep());
  }
}
