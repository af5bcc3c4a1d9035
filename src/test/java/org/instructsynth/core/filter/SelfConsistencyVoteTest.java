package org.instructsynth.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link SelfConsistencyVote}: self_consistency_filter.py lines 35-48. */
class SelfConsistencyVoteTest {

  @Test
  void shareIsOverSurvivorsAndAnswersAreNormalised() {
    // 3 survivors; "A\nb" has 2 of 3 = 0.67; CRLF, a trailing newline and a no-break space are the same answer
    SelfConsistencyVote.Result v = new SelfConsistencyVote(0.3).vote(List.of("A\r\nb", " A\nb\u00A0\n", "B"));
    assertThat(v).isEqualTo(new SelfConsistencyVote.Result(Optional.of("A\nb"), 2, 3, 2.0 / 3, Verdict.keep()));
  }

  @Test
  void belowAgreementFails() {
    List<String> answers = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "a");
    SelfConsistencyVote.Result v = new SelfConsistencyVote(0.3).vote(answers);
    assertThat(v.winner()).isEmpty();
    assertThat(v.votes()).isEqualTo(2);
    assertThat(v.share()).isEqualTo(0.2);
    assertThat(v.verdict()).isEqualTo(Verdict.drop("low_agreement", "top answer has 2 of 10 votes (0.20 < 0.30)"));
    assertThat(new SelfConsistencyVote(1.0 / 3).vote(List.of("x", "y", "z")).winner()).contains("x");
  }

  @Test
  void tiesGoToTheShortestThenTheFirstAndNoSurvivorsFail() {
    assertThat(new SelfConsistencyVote(0.3).vote(List.of("longer", "short", "longer", "short")).winner()).contains("short");
    assertThat(new SelfConsistencyVote(0.3).vote(List.of("bb", "aa", "aa", "bb")).winner()).contains("bb");
    assertThat(new SelfConsistencyVote(0.3).vote(List.of()).verdict())
        .isEqualTo(Verdict.drop("low_agreement", "top answer has 0 of 0 votes (0.00 < 0.30)"));
  }
}
