package org.instructsynth.config;

import java.io.Serializable;
import java.util.List;
import org.instructsynth.core.dedup.DedupSettings;

/**
 * {@code dedup.*}: duplicate removal.
 *
 * @param exact drop rows whose normalised instruction, input and output equal an earlier row's
 * @param near drop rows whose ROUGE-L F-measure against an earlier kept row exceeds {@code threshold}
 * @param method {@code prefix-filter} (exact and distributed) or {@code brute-force} (all pairs, for
 *     validation on small data)
 * @param threshold a row is a near duplicate when F is strictly above this value
 * @param tokenizer {@code rouge-score} (Google's rouge_score, English) or {@code unicode} (any script)
 * @param useStemmer apply the Porter stemmer as rouge_score does with {@code use_stemmer=True}
 * @param field the text compared: {@code instruction}, {@code input}, {@code output} or
 *     {@code instruction+input}
 * @param referencePaths earlier outputs or seed files whose rows come first and are never dropped
 * @param similarityFloor kept rows get {@code rouge_l_max}/{@code nearest_id} when their best F is at
 *     least this; lower costs more candidate pairs
 * @param maxGroupSize largest candidate group verified in one task (bigger ones are blocked)
 * @param earlierRuns use the rows kept by every other committed date of the same output ({@code
 *     train}, {@code eval}, {@code eval_unseen} with another {@code run_date}, earlier or later; not
 *     the run's own) as exact and ROUGE-L references, so no id is written in two dates in any order,
 *     and let the generation recipes continue from them (docs/nightly.md). The key keeps its name.
 */
public record DedupConfig(
    boolean exact,
    boolean near,
    String method,
    double threshold,
    String tokenizer,
    boolean useStemmer,
    String field,
    List<String> referencePaths,
    double similarityFloor,
    int maxGroupSize,
    boolean earlierRuns)
    implements Serializable {

  /** The same settings with another tokenizer (the stemmer only applies to rouge-score). */
  public DedupConfig withTokenizer(String name) {
    return new DedupConfig(exact, near, method, threshold, name, useStemmer && "rouge-score".equals(name), field,
        referencePaths, similarityFloor, maxGroupSize, earlierRuns);
  }

  /** The settings of the distributed ROUGE-L stage. */
  public DedupSettings settings() {
    DedupSettings d = DedupSettings.defaults();
    return new DedupSettings(
        threshold, tokenizer, useStemmer, method, similarityFloor, maxGroupSize, d.maxComponentIterations());
  }
}
