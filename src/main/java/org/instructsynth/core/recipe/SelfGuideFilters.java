package org.instructsynth.core.recipe;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.instructsynth.core.prompt.ReasonCodes;
import org.instructsynth.core.prompt.Texts;

/**
 * SELF-GUIDE's quality filters and self-consistency vote as pure functions (Zhao et al. 2024;
 * zhaochenyang20/Prompt2Model-Self-Distill {@code prompt2model/quality_evaluator/}).
 */
public final class SelfGuideFilters {
  private SelfGuideFilters() {}

  /**
   * Canned assistant phrases; any text containing one (case-sensitive substring) is noise. The list
   * of {@code prompt2model/quality_evaluator/ablation_list_filter.py} ({@code greetings}).
   */
  public static final List<String> DEFAULT_NOISE_PHRASES =
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

  /** The first noise phrase {@code text} contains, if any. */
  public static Optional<String> noisePhrase(String text, Collection<String> phrases) {
    for (String p : phrases) {
      if (!p.isEmpty() && text.contains(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Filters generated inputs, checking each in this order: {@code empty} (blank); {@code noise_phrase}
   * ({@code noisePhrases}, normally {@link #DEFAULT_NOISE_PHRASES} plus task-specific strings);
   * {@code length_outlier} (outside {@code bounds}, the window of the task's example inputs);
   * {@code duplicate_input} (equal to an input in {@code pool} or to one kept earlier in this call).
   */
  public static Filtered<String> filterInputs(
      List<String> candidates, LengthBounds bounds, Collection<String> noisePhrases, Collection<String> pool) {
    Set<String> seen = new HashSet<>(pool);
    List<String> kept = new ArrayList<>();
    List<Dropped<String>> dropped = new ArrayList<>();
    for (String c : candidates) {
      Optional<String> noise;
      if (c == null || c.isBlank()) {
        dropped.add(new Dropped<>(c == null ? "" : c, ReasonCodes.EMPTY, "empty input"));
      } else if ((noise = noisePhrase(c, noisePhrases)).isPresent()) {
        dropped.add(new Dropped<>(c, ReasonCodes.NOISE_PHRASE, "contains '" + noise.get() + "'"));
      } else if (!bounds.contains(c)) {
        dropped.add(new Dropped<>(c, ReasonCodes.LENGTH_OUTLIER, bounds.describe(c)));
      } else if (!seen.add(c)) {
        dropped.add(new Dropped<>(c, ReasonCodes.DUPLICATE_INPUT, "already in the input pool"));
      } else {
        kept.add(c);
      }
    }
    return new Filtered<>(kept, dropped);
  }

  /**
   * Filters the sampled answers for one input, in the order of the output annotator (empty answers
   * are discarded first, then {@code min_max_length_filter}, then {@code ablation_list_filter}):
   * {@code empty}; {@code length_outlier} outside {@code bounds} (the window of the example outputs;
   * pass {@link Optional#empty()} for classification tasks, whose answers are labels);
   * {@code noise_phrase}.
   */
  public static Filtered<String> filterOutputs(
      List<String> answers, Optional<LengthBounds> bounds, Collection<String> noisePhrases) {
    List<String> kept = new ArrayList<>();
    List<Dropped<String>> dropped = new ArrayList<>();
    for (String a : answers) {
      Optional<String> noise;
      if (a == null || a.isBlank()) {
        dropped.add(new Dropped<>(a == null ? "" : a, ReasonCodes.EMPTY, "empty answer"));
      } else if (bounds.isPresent() && !bounds.get().contains(a)) {
        dropped.add(new Dropped<>(a, ReasonCodes.LENGTH_OUTLIER, bounds.get().describe(a)));
      } else if ((noise = noisePhrase(a, noisePhrases)).isPresent()) {
        dropped.add(new Dropped<>(a, ReasonCodes.NOISE_PHRASE, "contains '" + noise.get() + "'"));
      } else {
        kept.add(a);
      }
    }
    return new Filtered<>(kept, dropped);
  }

  /**
   * The outcome of a vote.
   *
   * @param winner the chosen answer (stripped), empty if the vote failed
   * @param votes how many surviving answers equal the winner (or the most frequent answer)
   * @param survivors the number of answers that took part
   * @param share {@code votes / survivors}, 0 when there were none
   * @param reason empty on success, else {@code low_agreement} or {@code empty}
   */
  public record Vote(Optional<String> winner, int votes, int survivors, double share, String reason)
      implements Serializable {}

  /**
   * Self-consistency vote over the surviving answers for one input
   * ({@code prompt2model/quality_evaluator/self_consistency_filter.py}): answers are compared after
   * normalising line endings and stripping surrounding whitespace (the code compares raw text;
   * sampled answers that differ only in a trailing newline should count as one answer). The most frequent answer wins if
   * {@code count / survivors >= minAgreement}, where survivors are the answers left after the
   * output filters, not the number of samples requested (the code divides by {@code len(strings)} of
   * the filtered list). Ties go to the shortest answer, then to the one that appeared first.
   */
  public static Vote vote(List<String> survivors, double minAgreement) {
    if (survivors.isEmpty()) {
      return new Vote(Optional.empty(), 0, 0, 0.0, ReasonCodes.EMPTY);
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String s : survivors) {
      counts.merge(Texts.normaliseNewlines(s).strip(), 1, Integer::sum);
    }
    String best = null;
    int bestCount = 0;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      int c = e.getValue();
      if (c > bestCount || (c == bestCount && Texts.length(e.getKey()) < Texts.length(best))) {
        best = e.getKey();
        bestCount = c;
      }
    }
    double share = (double) bestCount / survivors.size();
    if (share < minAgreement) {
      return new Vote(Optional.empty(), bestCount, survivors.size(), share, ReasonCodes.LOW_AGREEMENT);
    }
    return new Vote(Optional.of(best), bestCount, survivors.size(), share, "");
  }

  /** {@code "top answer has 2 of 10 votes (0.20 < 0.30)"} for a failed vote. */
  public static String describe(Vote v, double minAgreement) {
    return String.format(
        Locale.ROOT,
        "top answer has %d of %d votes (%.2f < %.2f)",
        v.votes(),
        v.survivors(),
        v.share(),
        minAgreement);
  }

  /**
   * The label a classification answer names. First an answer equal to a label (after stripping,
   * ignoring case) maps to it; otherwise the first label in {@code labels} order that occurs in the
   * answer as a case-sensitive substring wins, which is the rule of
   * zhaochenyang20/Prompt2Model-Self-Distill {@code self-guide/utils/output_annotation.py}
   * ({@code mapping_func}). List labels that contain other labels first (e.g. "not spam" before
   * "spam") when answers may be sentences. Empty if no label occurs: such answers are dropped
   * ({@code no_label}). In the original the label is mapped after the vote, on the winning answer.
   */
  public static Optional<String> mapToLabel(String answer, List<String> labels) {
    String a = answer.strip();
    for (String label : labels) {
      if (label.strip().equalsIgnoreCase(a)) {
        return Optional.of(label);
      }
    }
    for (String label : labels) {
      if (!label.isEmpty() && a.contains(label)) {
        return Optional.of(label);
      }
    }
    return Optional.empty();
  }
}
