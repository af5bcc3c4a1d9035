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
 * <p>{@link #of} is the paper's window (SG-11, SG-18): both bounds truncated toward zero like Python's
 * {@code int()}, kept {@code min <= len < max} (so examples of one equal length give an empty window
 * that drops everything, as in the source). {@link #inclusive} is this project's earlier window
 * (option {@code self-guide.length-filter: all-tasks}): exact bounds, both inclusive.
 *
 * @param halfOpen {@code lower <= len < upper} when true, {@code lower <= len <= upper} when false
 */
public record LengthBounds(double lower, double upper, boolean halfOpen) implements Serializable {

  /** An inclusive window {@code [lower, upper]}. */
  public LengthBounds(double lower, double upper) {
    this(lower, upper, false);
  }

  /** The paper's window: {@code [int(mean - 2 sd), int(mean + 2 sd))}. */
  public static LengthBounds of(List<String> examples) {
    double[] ms = meanAndSd(examples);
    // Java's (long) cast truncates toward zero, as Python's int() does.
    return new LengthBounds((long) (ms[0] - 2 * ms[1]), (long) (ms[0] + 2 * ms[1]), true);
  }

  /** The exact inclusive window {@code [mean - 2 sd, mean + 2 sd]}. */
  public static LengthBounds inclusive(List<String> examples) {
    double[] ms = meanAndSd(examples);
    return new LengthBounds(ms[0] - 2 * ms[1], ms[0] + 2 * ms[1], false);
  }

  private static double[] meanAndSd(List<String> examples) {
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
    return new double[] {mean, Math.sqrt(squares / examples.size())};
  }

  public boolean contains(String s) {
    int n = PythonText.length(s);
    return n >= lower && (halfOpen ? n < upper : n <= upper);
  }

  /** {@code "length 3 outside [10, 20)"} (paper window) or {@code "length 3 outside [10.0, 20.5]"}. */
  public String describe(String s) {
    int n = PythonText.length(s);
    return halfOpen
        ? String.format(Locale.ROOT, "length %d outside [%d, %d)", n, (long) lower, (long) upper)
        : String.format(Locale.ROOT, "length %d outside [%.1f, %.1f]", n, lower, upper);
  }
}
