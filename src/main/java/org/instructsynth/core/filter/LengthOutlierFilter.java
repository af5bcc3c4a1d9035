package org.instructsynth.core.filter;

import java.util.List;
import java.util.Objects;

/**
 * SELF-GUIDE's length filter: drops a generated input or answer whose length in code points lies
 * outside the task's {@link LengthBounds} (mean +/- 2 standard deviations of the task's example
 * inputs, or outputs).
 *
 * <p>Source: {@code zhaochenyang20/Prompt2Model-Self-Distill
 * prompt2model/quality_evaluator/length_filter.py} line 38 ({@code min_max_length_filter}), with the
 * bounds of {@code prompt2model/input_generator/vllm_prompt_based.py} lines 229-233 (inputs) and
 * {@code prompt2model/output_annotator/vllm_prompt_based.py} lines 148-152 (outputs). The window is
 * the paper's half-open integer one ({@link LengthBounds#of}) unless the option {@code
 * self-guide.length-filter: all-tasks} asks for the exact inclusive one.
 *
 * <p>Reason code {@code length_outlier}; the detail gives the length and the window.
 */
public final class LengthOutlierFilter extends Rule implements ExampleFilter {

  public static final String NAME = "length-outlier";
  public static final String REASON = ReasonCodes.LENGTH_OUTLIER;

  private final EmptyFieldFilter.Field field;
  private final LengthBounds bounds;

  /** Checks {@code field} (input or output) against {@code bounds}. */
  public LengthOutlierFilter(EmptyFieldFilter.Field field, LengthBounds bounds) {
    super(NAME, List.of(REASON));
    this.field = Objects.requireNonNull(field, "field");
    this.bounds = Objects.requireNonNull(bounds, "bounds");
  }

  @Override
  public Verdict apply(String instruction, String input, String output) {
    String text = field.of(instruction, input, output);
    return bounds.contains(text) ? Verdict.keep() : Verdict.drop(REASON, bounds.describe(text));
  }
}
