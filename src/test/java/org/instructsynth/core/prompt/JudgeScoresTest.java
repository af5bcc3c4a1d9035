package org.instructsynth.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JudgeScoresTest {

  private static void score(String text, double expected) {
    Parsed<Double> p = JudgeScores.parse(text);
    assertThat(p.rejects()).as(text).isEmpty();
    assertThat(p.items()).as(text).containsExactly(expected);
  }

  private static void unparseable(String text, String detail) {
    Parsed<Double> p = JudgeScores.parse(text);
    assertThat(p.items()).as(text).isEmpty();
    assertThat(p.rejects()).as(text).extracting(Reject::reason, Reject::detail)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("unparseable_response", detail));
  }

  @Test
  void wellFormedScores() {
    score("Score: 8", 8.0);
    score("The answer is accurate and complete.\nScore: 9", 9.0);
    score("8/10", 8.0);
    score("**8**", 8.0);
    score("Rating: 7.5", 7.5);
    score("**Score:** 10", 10.0);
    score("I would give it 6 out of 10.", 6.0);
    score("7", 7.0);
    score("Score 3/10\r\n", 3.0);
  }

  @Test
  void multipleNumbersFollowTheDocumentedRule() {
    // a labelled score beats a number out of ten and bare numbers
    score("Step 2 is wrong, so 4/10 at first glance. Final score: 5", 5.0);
    // within a level the last one wins
    score("Initial rating: 6. After checking the facts, rating: 4", 4.0);
    score("Helpfulness 9/10, accuracy 3/10", 3.0);
    // scale mentions are not candidates
    score("On a scale of 1 to 10, I'd say 7.", 7.0);
    score("On a 1-10 scale this is a 2", 2.0);
    unparseable("It lists 3 colors but misses 2 of them.", "ambiguous: 2 numbers and no 'Score:' label or 'N/10'");
  }

  @Test
  void malformedScores() {
    unparseable("Great answer!", "no score in the judge's answer");
    unparseable("", "no score in the judge's answer");
    unparseable("Score: 11", "score 11 outside 1..10");
    unparseable("Score: 0", "score 0 outside 1..10");
    unparseable("85/100", "ambiguous: 2 numbers and no 'Score:' label or 'N/10'");
  }
}
