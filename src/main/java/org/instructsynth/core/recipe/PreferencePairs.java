package org.instructsynth.core.recipe;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * Comparison data from judged answers (GPT-4-LLM, Peng et al. 2023: answers to one instruction are
 * scored 1-10 and ranked). The chosen answer has the highest score, the rejected one the lowest;
 * among equal scores the earlier answer in the list is taken. If all scores are equal (or there are
 * fewer than two answers) there is no pair: {@code score_tie}.
 */
public final class PreferencePairs {
  private PreferencePairs() {}

  /** One judged answer; {@code source} names the model or sample that produced it. */
  public record ScoredAnswer(String source, String answer, double score) implements Serializable {}

  /** A comparison row. */
  public record Pair(ScoredAnswer chosen, ScoredAnswer rejected) implements Serializable {}

  public static Optional<Pair> choose(List<ScoredAnswer> answers) {
    if (answers.size() < 2) {
      return Optional.empty();
    }
    ScoredAnswer best = answers.get(0);
    ScoredAnswer worst = answers.get(0);
    for (ScoredAnswer a : answers) {
      if (a.score() > best.score()) {
        best = a;
      }
      if (a.score() < worst.score()) {
        worst = a;
      }
    }
    if (!(best.score() > worst.score())) {
      return Optional.empty();
    }
    return Optional.of(new Pair(best, worst));
  }
}
