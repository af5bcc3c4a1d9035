package org.instructsynth.core.filter;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.instructsynth.core.text.PythonText;

/**
 * The SELF-GUIDE length window: mean +/- 2 standard deviations of the character lengths (Unicode
 * code points, like Python's {@code len}) of a task's examples, with the population standard
 * deviation ({@code np.std}), as computed in zhaochenyang20/Prompt2Model-Self-Distill
 * {@code prompt2model/output_annotator/vllm_prompt_based.py} lines 121-131 ({@code calculate_string_metrics})
 * and {@code prompt2model/input_generator/vllm_prompt_based.py} lines 211-217; the window is applied by
 * {@code prompt2model/quality_evaluator/length_filter.py} line 38. Used by {@link LengthOutlierFilter}.
 *
 * <p>Deviation: the code truncates both bounds to integers and keeps {@code min <= len < max}, which
 * drops every answer when all examples have the same length (max == min); here both bounds are exact
 * and inclusive.
 */
public record LengthBounds(double lower, double upper) implements Serializable {

  public static LengthBounds of(List<String> examples) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("length bounds need at least one example, got none");
    }
    double sum = 0;
    for (String s : examples) {
      sum += PythonText.length(s);
    }
    double mean = sum / examples.size();
    double squares = 0;
    for (String s : examples) {
      double d = PythonText.length(s) - mean;
      squares += d * d;
    }
    double sd = Math.sqrt(squares / examples.size());
    return new LengthBounds(mean - 2 * sd, mean + 2 * sd);
  }

  public boolean contains(String s) {
    int n = PythonText.length(s);
    return n >= lower && n <= upper;
  }

  /** {@code "length 3 outside [10.0, 20.5]"}. */
  public String describe(String s) {
    return String.format(Locale.ROOT, "length %d outside [%.1f, %.1f]", PythonText.length(s), lower, upper);
  }
}
