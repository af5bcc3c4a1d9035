package org.instructsynth.core.filter;

import java.util.List;
import org.instructsynth.core.text.PythonText;

/**
 * Drops an instance whose input or output ends with ':' after stripping: "usually incomplete
 * generation".
 *
 * <p>Source: {@code yizhongw/self-instruct self_instruct/prepare_for_finetuning.py} line 137
 * ({@code filter_invalid_instances}: {@code instance[1].strip().endswith(":") or
 * instance[2].strip().endswith(":")}); stripping is Python's ({@link PythonText#strip}).
 *
 * <p>Reason code {@code ends_with_colon}; the detail names the field, input first.
 */
public final class EndsWithColonFilter extends Rule implements ExampleFilter {

  public static final String NAME = "ends-with-colon";
  public static final String REASON = ReasonCodes.ENDS_WITH_COLON;

  public EndsWithColonFilter() {
    super(NAME, List.of(REASON));
  }

  @Override
  public Verdict apply(String instruction, String input, String output) {
    if (endsWithColon(input)) {
      return Verdict.drop(REASON, "input ends with ':'");
    }
    if (endsWithColon(output)) {
      return Verdict.drop(REASON, "output ends with ':'");
    }
    return Verdict.keep();
  }

  private static boolean endsWithColon(String s) {
    return s != null && PythonText.strip(s).endsWith(":");
  }
}
