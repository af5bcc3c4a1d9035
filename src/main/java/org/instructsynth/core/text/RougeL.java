package org.instructsynth.core.text;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ROUGE-L (sentence level) bit-identical to Google's rouge_score 0.1.2
 * {@code RougeScorer(["rougeL"], use_stemmer=...).score(target, prediction)["rougeL"]}: tokens from
 * {@link RougeScoreTokenizer}; {@code precision = lcs / len(prediction)}, {@code recall = lcs /
 * len(target)}, {@code fmeasure = 2 * precision * recall / (precision + recall)} evaluated in that
 * order ({@code scoring.fmeasure}); all three are 0 when either side has no tokens or nothing
 * matches.
 *
 * <p>The double arithmetic is the papers' (Self-Instruct and Alpaca call this scorer), not the
 * algebraically equal {@code 2 * lcs / (m + n)}: a 7-token text inside a 13-token one scores
 * {@code 0.7000000000000001}, not {@code 0.7}, and so counts as a duplicate at threshold 0.7.
 * {@link #fmeasure(int, int, int)} exposes the same arithmetic for pre-tokenised records so dedup
 * decides on exactly these doubles. The F-measure is symmetric bit for bit ({@code (2p)r} and
 * {@code (2r)p} are both {@code 2 * fl(pr)}).
 */
public final class RougeL {
  private static final RougeScoreTokenizer STEMMED = new RougeScoreTokenizer(true);
  private static final ThreadLocal<RawPairScorer> RAW = ThreadLocal.withInitial(RawPairScorer::new);

  private RougeL() {}

  /** rouge_score {@code RougeScorer(["rougeL"], use_stemmer=False)}. */
  public static RougeScore score(String target, String prediction) {
    return score(target, prediction, false);
  }

  /** rouge_score {@code RougeScorer(["rougeL"], use_stemmer=useStemmer)}. */
  public static RougeScore score(String target, String prediction, boolean useStemmer) {
    if (!useStemmer) {
      return RAW.get().score(target, prediction);
    }
    return score(STEMMED.tokenize(target), STEMMED.tokenize(prediction));
  }

  /** ROUGE-L of two token lists (rouge_score {@code _score_lcs}). */
  public static RougeScore score(List<String> target, List<String> prediction) {
    if (target.isEmpty() || prediction.isEmpty()) {
      return RougeScore.ZERO;
    }
    Map<String, Integer> ids = new HashMap<>(target.size() * 2);
    int[] t = new int[target.size()];
    for (int i = 0; i < t.length; i++) {
      Integer id = ids.putIfAbsent(target.get(i), ids.size());
      t[i] = id == null ? ids.size() - 1 : id;
    }
    int[] p = new int[prediction.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = ids.getOrDefault(prediction.get(i), -1);
    }
    return score(Lcs.of(t, p), t.length, p.length);
  }

  /** ROUGE-L of two token-id sequences. */
  public static RougeScore score(int[] target, int[] prediction) {
    if (target.length == 0 || prediction.length == 0) {
      return RougeScore.ZERO;
    }
    return score(Lcs.of(target, prediction), target.length, prediction.length);
  }

  /** The score for a known LCS length; 0 when either length is 0. */
  public static RougeScore score(int lcs, int targetLength, int predictionLength) {
    if (targetLength == 0 || predictionLength == 0) {
      return RougeScore.ZERO;
    }
    double precision = (double) lcs / predictionLength;
    double recall = (double) lcs / targetLength;
    return new RougeScore(precision, recall, fmeasure(precision, recall));
  }

  /** rouge_score {@code scoring.fmeasure}: {@code 2 * p * r / (p + r)}, 0 when {@code p + r == 0}. */
  public static double fmeasure(double precision, double recall) {
    if (precision + recall > 0) {
      return 2 * precision * recall / (precision + recall);
    }
    return 0.0;
  }

  /** The F-measure {@link #score(int, int, int)} would report, without allocating. */
  public static double fmeasure(int lcs, int targetLength, int predictionLength) {
    if (targetLength == 0 || predictionLength == 0) {
      return 0.0;
    }
    return fmeasure((double) lcs / predictionLength, (double) lcs / targetLength);
  }
}
