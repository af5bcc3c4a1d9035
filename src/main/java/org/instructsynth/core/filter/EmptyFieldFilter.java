package org.instructsynth.core.filter;

import org.instructsynth.core.text.PythonText;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Drops an example whose required field is empty or whitespace only (Python {@code str.isspace}
 * whitespace, so no-break spaces count as blank).
 *
 * <p>Source: {@code yizhongw/self-instruct self_instruct/bootstrap_instructions.py} line 49 skips {@code inst == ""} after
 * stripping; {@code yizhongw/self-instruct self_instruct/prepare_for_finetuning.py} line 134
 * ({@code filter_invalid_instances}) drops instances with an empty output; SELF-GUIDE
 * ({@code zhaochenyang20/Prompt2Model-Self-Distill prompt2model/quality_evaluator/empty_filter.py}
 * line 26) drops empty generated inputs and answers; Alpaca's {@code generate_instruction.py} drops examples that do not parse into all three
 * fields. The input is optional in both (Alpaca writes {@code <noinput>} as the empty string), so the
 * default requires the instruction and the output only.
 *
 * <p>Reason codes {@code empty_instruction}, {@code empty_input}, {@code empty_output} (together the
 * alias {@code empty}, the Self-Instruct post-filter's and SELF-GUIDE's code before release 0.x);
 * fields are checked in that order and the first empty required field decides.
 */
public final class EmptyFieldFilter extends Rule implements ExampleFilter {

  public static final String NAME = "empty-field";

  /** A field of an example. */
  public enum Field {
    INSTRUCTION,
    INPUT,
    OUTPUT;

    /** The lower-case field name used in settings and in the example table. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public String reason() {
      return switch (this) {
        case INSTRUCTION -> ReasonCodes.EMPTY_INSTRUCTION;
        case INPUT -> ReasonCodes.EMPTY_INPUT;
        case OUTPUT -> ReasonCodes.EMPTY_OUTPUT;
      };
    }

    /** This field's value among an example's three. */
    public String of(String instruction, String input, String output) {
      return switch (this) {
        case INSTRUCTION -> instruction;
        case INPUT -> input;
        case OUTPUT -> output;
      };
    }

    /** Parses {@code instruction}, {@code input} or {@code output}, case-insensitively. */
    public static Field parse(String key) {
      for (Field field : values()) {
        if (field.key().equalsIgnoreCase(key == null ? "" : key.trim())) {
          return field;
        }
      }
      throw new IllegalArgumentException(
          "Unknown field '" + key + "', expected one of instruction, input, output");
    }
  }

  private final EnumSet<Field> required;

  public EmptyFieldFilter(Set<Field> required) {
    super(NAME, reasonsOf(required));
    this.required = required.isEmpty() ? EnumSet.noneOf(Field.class) : EnumSet.copyOf(required);
  }

  /** One code per required field, in field order. */
  private static List<String> reasonsOf(Set<Field> required) {
    List<String> reasons = new ArrayList<>();
    for (Field field : Field.values()) {
      if (required.contains(field)) {
        reasons.add(field.reason());
      }
    }
    return reasons;
  }

  /** Requires instruction and output, as both sources do. */
  public static EmptyFieldFilter defaults() {
    return new EmptyFieldFilter(EnumSet.of(Field.INSTRUCTION, Field.OUTPUT));
  }

  public Set<Field> required() {
    return EnumSet.copyOf(required.isEmpty() ? EnumSet.noneOf(Field.class) : required);
  }

  @Override
  public Verdict apply(String instruction, String input, String output) {
    for (Field field : required) {
      String value = field.of(instruction, input, output);
      if (PythonText.isBlank(value)) {
        String what = value == null || value.isEmpty() ? "empty" : "whitespace only";
        return Verdict.drop(field.reason(), field.key() + " is " + what);
      }
    }
    return Verdict.keep();
  }
}
