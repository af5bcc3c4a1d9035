package org.instructsynth.config;

import java.io.Serializable;
import java.util.List;
import org.instructsynth.core.dedup.DedupSettings;
import org.instructsynth.core.text.Tokenizer;

/**
 * {@code dedup.*}: duplicate removal. The ROUGE-L keys ({@code threshold}, {@code tokenizer},
 * {@code use-stemmer}, {@code method}, {@code similarity-floor}, {@code max-group-size}, {@code
 * max-component-iterations}) are read
 * once into {@link DedupSettings}, which every near-dedup engine takes as it is; this record adds
 * what the stages around it need.
 *
 * @param exact drop rows whose normalised instruction, input and output equal an earlier row's
 * @param near drop rows whose ROUGE-L F-measure against an earlier kept row exceeds {@code
 *     rouge.threshold()}
 * @param field the text compared: {@code instruction}, {@code input}, {@code output} or
 *     {@code instruction+input}
 * @param referencePaths earlier outputs or seed files whose rows come first and are never dropped
 * @param earlierRuns use the rows kept by every other committed date of the same output ({@code
 *     train}, {@code eval}, {@code eval_unseen} with another {@code run_date}, earlier or later; not
 *     the run's own) as exact and ROUGE-L references, so no id is written in two dates in any order,
 *     and let the generation recipes continue from them (docs/nightly.md). The key keeps its name.
 * @param rouge the ROUGE-L rule and its engine settings ({@code dedup.threshold} and the others above)
 */
public record DedupConfig(
    boolean exact,
    boolean near,
    String field,
    List<String> referencePaths,
    boolean earlierRuns,
    DedupSettings rouge)
    implements Serializable {

  /**
   * Reads {@code dedup.*}, each value checked once: a bad value is reported with its key and
   * replaced by its default, so the {@link DedupSettings} built here is always valid.
   */
  /**
   * {@code dedup.*}. For {@code distill}, near dedup is off unless enabled: the paper answers the given
   * set as it is ("each of the 52K instructions is unique"; docs/PARITY.md). Exact dedup stays on: it
   * only merges rows that are the same example (same instruction, input and answer), which a set of
   * unique instructions never has. For {@code templatize} both are off unless enabled: FLAN applies no
   * dedup (docs/PARITY.md).
   */
  static DedupConfig read(ConfigReader d, String recipe) {
    boolean given = "distill".equals(recipe) || "templatize".equals(recipe);
    DedupSettings defaults = DedupSettings.defaults();
    double threshold = d.openDbl("threshold", defaults.threshold(), 0.0, 1.0);
    double floor = d.dbl("similarity-floor", Math.min(defaults.similarityFloor(), threshold), 0.0, 1.0);
    if (floor <= 0.0 || floor > threshold) {
      d.problem("similarity-floor", "must be above 0 and at most dedup.threshold (" + threshold + "), found " + floor);
      floor = Math.min(defaults.similarityFloor(), threshold);
    }
    boolean flan = "templatize".equals(recipe);
    boolean exact = d.bool("exact", !flan);
    boolean near = d.bool("near", !given);
    String method = d.oneOf("method", defaults.method(), List.of(DedupSettings.PREFIX_FILTER, DedupSettings.BRUTE_FORCE));
    String tokenizer = d.oneOf("tokenizer", defaults.tokenizer(), List.of(Tokenizer.ROUGE_SCORE, Tokenizer.UNICODE));
    boolean useStemmer = d.bool("use-stemmer", defaults.useStemmer());
    String field = d.oneOf("field", "instruction", List.of("instruction", "input", "output", "instruction+input"));
    List<String> referencePaths = d.stringList("reference-paths", List.of());
    int maxGroupSize = d.integer("max-group-size", defaults.maxGroupSize(), 2, 1_000_000);
    int maxIterations = d.integer("max-component-iterations", defaults.maxComponentIterations(), 1, 1_000_000);
    boolean earlierRuns = d.bool("earlier-runs", true);
    return new DedupConfig(exact, near, field, referencePaths, earlierRuns,
        new DedupSettings(threshold, tokenizer, useStemmer, method, floor, maxGroupSize, maxIterations));
  }

  /** The same settings with another tokenizer (the stemmer only applies to rouge-score). */
  public DedupConfig withTokenizer(String name) {
    return new DedupConfig(exact, near, field, referencePaths, earlierRuns, rouge.withTokenizer(name));
  }
}
