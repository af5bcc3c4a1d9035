package org.instructsynth.core.text;

/**
 * A ROUGE score as rouge_score's {@code scoring.Score}: precision (LCS over prediction length),
 * recall (LCS over target length) and their harmonic mean.
 */
public record RougeScore(double precision, double recall, double fmeasure) {
  public static final RougeScore ZERO = new RougeScore(0.0, 0.0, 0.0);
}
