package org.instructsynth.core.dedup;

import java.io.Serializable;

/**
 * Self-Instruct's sequential near-duplicate rule, written once for every engine: records are taken
 * in order, and a record that is not a reference is dropped iff some earlier <em>kept</em> record
 * scores a ROUGE-L F-measure strictly above {@code threshold} against it; references (seeds,
 * earlier nights) are always kept. Self-Instruct ({@code bootstrap_instructions.py}) and Alpaca
 * ({@code generate_instruction.py}) test {@code max(rouge_scores) > 0.7} against the seeds plus
 * everything kept so far.
 *
 * <p>Users: {@link SequentialDedup} (brute force), {@link IncrementalDedup} (the driver's index),
 * {@link DedupDecision#of}, and the distributed {@code pipeline/dedup/RougeDedup}, which applies
 * {@link #duplicate} to the verified pairs and {@link #drops} per row inside each component.
 *
 * @param threshold {@code dedup.threshold}, in (0, 1)
 */
public record SequentialRule(double threshold) implements Serializable {
  public SequentialRule {
    if (!(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("Dedup threshold must be in (0, 1), got " + threshold);
    }
  }

  /** Whether a pair scoring {@code f} is a duplicate pair: {@code f > threshold}. */
  public boolean duplicate(double f) {
    return f > threshold;
  }

  /**
   * Whether a record is dropped, given the highest F against the records kept before it ({@code
   * bestAgainstKept}, -1 when none was kept or none was compared).
   */
  public boolean drops(boolean reference, double bestAgainstKept) {
    return !reference && duplicate(bestAgainstKept);
  }
}
