package org.instructsynth.core.filter;

import org.instructsynth.core.text.PythonText;

import java.util.List;
import java.util.Locale;

/**
 * Drops examples whose output merely repeats the input.
 *
 * <p>Source: {@code yizhongw/self-instruct self_instruct/prepare_for_finetuning.py} line 131,
 * {@code filter_invalid_instances}: "if input and output are the same, we will not use such
 * instances", comparing the stripped fields. The comparison here is exact after stripping
 * surrounding whitespace (Python {@code str.strip}); case and inner whitespace matter. Unlike the
 * source it applies only when the stripped input is non-empty: an empty input with an empty output
 * is {@link EmptyFieldFilter}'s case, and an empty input is never a copy.
 *
 * <p>Reason code {@code output_equals_input} (alias {@code input_equals_output}, the Self-Instruct
 * instance filter's code before release 0.x). An instance with an empty input and an empty output,
 * which the source drops here, is dropped by {@link EmptyFieldFilter} as {@code empty_output}.
 */
public final class OutputEqualsInputFilter extends Rule implements ExampleFilter {

  public static final String NAME = "output-equals-input";
  public static final String REASON = ReasonCodes.OUTPUT_EQUALS_INPUT;

  public OutputEqualsInputFilter() {
    super(NAME, List.of(REASON));
  }

  @Override
  public Verdict apply(String instruction, String input, String output) {
    String in = PythonText.strip(PythonText.nullToEmpty(input));
    if (in.isEmpty()) {
      return Verdict.keep();
    }
    String out = PythonText.strip(PythonText.nullToEmpty(output));
    if (in.equals(out)) {
      int chars = in.codePointCount(0, in.length());
      return Verdict.drop(
          REASON, String.format(Locale.ROOT, "output repeats the %d-character input", chars));
    }
    return Verdict.keep();
  }
}
