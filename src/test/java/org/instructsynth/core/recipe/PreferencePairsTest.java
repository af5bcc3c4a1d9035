package org.instructsynth.core.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.instructsynth.core.recipe.PreferencePairs.Pair;
import org.instructsynth.core.recipe.PreferencePairs.ScoredAnswer;
import org.junit.jupiter.api.Test;

class PreferencePairsTest {
  private static final ScoredAnswer A = new ScoredAnswer("gpt-4", "a", 9);
  private static final ScoredAnswer B = new ScoredAnswer("gpt-3.5", "b", 5);
  private static final ScoredAnswer C = new ScoredAnswer("opt", "c", 2);
  private static final ScoredAnswer D = new ScoredAnswer("llama", "d", 9);

  @Test
  void highestIsChosenLowestRejected() {
    assertThat(PreferencePairs.choose(List.of(B, A, C))).contains(new Pair(A, C));
    assertThat(PreferencePairs.choose(List.of(B, D, A, C))).contains(new Pair(D, C));
  }

  @Test
  void tiesAndTooFewAnswersGiveNoPair() {
    assertThat(PreferencePairs.choose(List.of(A, D))).isEmpty();
    assertThat(PreferencePairs.choose(List.of(A))).isEmpty();
    assertThat(PreferencePairs.choose(List.of())).isEmpty();
  }
}
