package org.instructsynth.core.filter;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.instructsynth.core.text.PythonText;

/**
 * SELF-GUIDE's self-consistency vote over the surviving answers for one input: the most frequent
 * answer wins if {@code count / survivors >= minAgreement}; ties go to the shortest answer, then to
 * the one that appeared first. Survivors are the answers left after the output rules, not the number
 * of samples requested (the source divides by {@code len(strings)} of the filtered list).
 *
 * <p>Source: {@code zhaochenyang20/Prompt2Model-Self-Distill
 * prompt2model/quality_evaluator/self_consistency_filter.py} lines 35-48. Answers are compared after
 * normalising line endings and stripping surrounding whitespace (the source compares raw text;
 * sampled answers that differ only in a trailing newline should count as one answer).
 *
 * <p>Reason code {@code low_agreement} (also when no answer survived).
 */
public final class SelfConsistencyVote implements Serializable {

  public static final String NAME = "self-consistency";
  public static final String REASON = ReasonCodes.LOW_AGREEMENT;

  private final double minAgreement;

  public SelfConsistencyVote(double minAgreement) {
    this.minAgreement = minAgreement;
  }

  /**
   * The outcome of a vote.
   *
   * @param winner the chosen answer (stripped), empty if the vote failed
   * @param votes how many surviving answers equal the winner (or the most frequent answer)
   * @param survivors the number of answers that took part
   * @param share {@code votes / survivors}, 0 when there were none
   * @param verdict keep on success, else a {@code low_agreement} drop stating the counts
   */
  public record Result(Optional<String> winner, int votes, int survivors, double share, Verdict verdict)
      implements Serializable {}

  public Result vote(List<String> survivors) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String s : survivors) {
      counts.merge(normalise(s), 1, Integer::sum);
    }
    String best = null;
    int bestCount = 0;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      int c = e.getValue();
      if (c > bestCount || (c == bestCount && PythonText.length(e.getKey()) < PythonText.length(best))) {
        best = e.getKey();
        bestCount = c;
      }
    }
    double share = survivors.isEmpty() ? 0.0 : (double) bestCount / survivors.size();
    if (survivors.isEmpty() || share < minAgreement) {
      String detail = String.format(Locale.ROOT, "top answer has %d of %d votes (%.2f < %.2f)",
          bestCount, survivors.size(), share, minAgreement);
      return new Result(Optional.empty(), bestCount, survivors.size(), share, Verdict.drop(REASON, detail));
    }
    return new Result(Optional.of(best), bestCount, survivors.size(), share, Verdict.keep());
  }

  /** The form answers are compared in: line endings {@code \n}, surrounding whitespace stripped. */
  public static String normalise(String answer) {
    String s = answer == null ? "" : answer.replace("\r\n", "\n").replace('\r', '\n');
    return PythonText.strip(s);
  }
}
