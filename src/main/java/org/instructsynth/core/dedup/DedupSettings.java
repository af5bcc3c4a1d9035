package org.instructsynth.core.dedup;

import java.io.Serializable;
import org.instructsynth.core.text.Tokenizer;

/**
 * Settings of the ROUGE-L dedup stage ({@code dedup.*} in the recipe).
 *
 * @param threshold a record is a duplicate iff F > threshold (Self-Instruct and Alpaca: 0.7); in
 *     (0, 1)
 * @param tokenizer {@code rouge-score} or {@code unicode} (see {@link Tokenizer#byName})
 * @param useStemmer Porter stemming for {@code rouge-score}; Self-Instruct calls {@code
 *     RougeScorer(["rougeL"], use_stemmer=False)}
 * @param method {@code prefix-filter} (exact candidate generation, DESIGN.md section 5) or {@code
 *     brute-force} (every pair; for tests and small inputs)
 * @param similarityFloor {@code rouge_l_max}/{@code nearest_id} are exact when the best F against
 *     earlier kept records is {@code >=} this floor and null below it; candidates are generated at
 *     the floor, so a lower floor costs more pairs; in (0, threshold]
 * @param maxGroupSize the largest candidate group verified in one task; bigger groups (very
 *     frequent prefix tokens, or everything under brute force) are split into blocks of this size
 *     and verified block pair by block pair
 * @param maxComponentIterations guard on the label-propagation rounds of the connected-components
 *     step ({@code dedup.max-component-iterations}); exceeding it fails the stage with a message
 *     naming the setting
 *
 * <p>The ranges above are checked once, where {@code dedup.*} is bound ({@code config/DedupConfig});
 * a record built in code is taken as it is.
 */
public record DedupSettings(
    double threshold,
    String tokenizer,
    boolean useStemmer,
    String method,
    double similarityFloor,
    int maxGroupSize,
    int maxComponentIterations)
    implements Serializable {
  public static final String PREFIX_FILTER = "prefix-filter";
  public static final String BRUTE_FORCE = "brute-force";

  /** Self-Instruct's rule: threshold 0.7, rouge-score tokenizer, no stemmer; floor 0.5. */
  public static DedupSettings defaults() {
    return new DedupSettings(0.7, Tokenizer.ROUGE_SCORE, false, PREFIX_FILTER, 0.5, 2000, 200);
  }

  public DedupSettings withMethod(String newMethod) {
    return new DedupSettings(
        threshold, tokenizer, useStemmer, newMethod, similarityFloor, maxGroupSize,
        maxComponentIterations);
  }

  /** The same settings with another tokenizer; the stemmer is kept only for {@code rouge-score}. */
  public DedupSettings withTokenizer(String newTokenizer) {
    return new DedupSettings(
        threshold, newTokenizer, useStemmer && Tokenizer.ROUGE_SCORE.equals(newTokenizer), method,
        similarityFloor, maxGroupSize, maxComponentIterations);
  }

  public DedupSettings withThresholds(double newThreshold, double newFloor) {
    return new DedupSettings(
        newThreshold, tokenizer, useStemmer, method, newFloor, maxGroupSize,
        maxComponentIterations);
  }

  public DedupSettings withMaxGroupSize(int newMaxGroupSize) {
    return new DedupSettings(
        threshold, tokenizer, useStemmer, method, similarityFloor, newMaxGroupSize,
        maxComponentIterations);
  }

  /** The sequential rule at {@link #threshold}, the one decision every engine applies. */
  public SequentialRule rule() {
    return new SequentialRule(threshold);
  }

  public Tokenizer tokenizerInstance() {
    return Tokenizer.byName(tokenizer, useStemmer);
  }
}
