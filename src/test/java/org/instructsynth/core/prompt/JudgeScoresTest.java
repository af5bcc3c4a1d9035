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

  private static java.util.List<Double> all(String text, int count) {
    Parsed<java.util.List<Double>> p = JudgeScores.parseAll(text, count);
    assertThat(p.rejects()).as(text).isEmpty();
    return p.items().get(0);
  }

  /** distill.judge.mode together: one response, one score per answer, in order. */
  @Test
  void allScoresOfOneResponse() {
    assertThat(all("Answer 1 is thorough. Answer 2 is wrong. Answer 3 is short.\n\nAnswer 1: 9\nAnswer 2: 2\nAnswer 3: 6", 3))
        .containsExactly(9.0, 2.0, 6.0);
    // the phrasings judges use: dash and out-of-ten, markdown bold, a bracketed label with "Score:"
    assertThat(all("Answer 1 - 7/10\n**Answer 2**: 8.5\n[Answer 3] Score: 4", 3)).containsExactly(7.0, 8.5, 4.0);
    // the last line for an answer wins (a verdict after the discussion); numbers in the discussion do not count
    assertThat(all("Answer 2: 3 at first sight, but 2 + 2 = 4 is right.\nAnswer 1: 5\nAnswer 2: 8", 2)).containsExactly(5.0, 8.0);
    // structured outputs (RESPONSE_FORMAT_ALL)
    assertThat(all("{\"scores\": [4, 9.5, 1]}", 3)).containsExactly(4.0, 9.5, 1.0);
  }

  @Test
  void aMissingOrOutOfRangeScoreLeavesOnlyThatAnswerUnscored() {
    assertThat(all("Answer 1: 7\nAnswer 3: 11\nAnswer 4: 9", 3)).containsExactly(7.0, null, null);
    Parsed<java.util.List<Double>> none = JudgeScores.parseAll("All three answers are fine.", 3);
    assertThat(none.items()).isEmpty();
    assertThat(none.rejects()).extracting(Reject::detail).containsExactly("no 'Answer N: score' line for any of the 3 answers");
    Parsed<java.util.List<Double>> wrongLength = JudgeScores.parseAll("{\"scores\": [4, 5]}", 3);
    assertThat(wrongLength.rejects()).extracting(Reject::detail).containsExactly("2 scores for 3 answers");
  }
}
