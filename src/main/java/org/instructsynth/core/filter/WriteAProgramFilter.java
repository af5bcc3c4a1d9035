package org.instructsynth.core.filter;

import java.util.List;

/**
 * Drops instructions that start with "Write a program".
 *
 * <p>Source: Self-Instruct {@code bootstrap_instructions.py} and Alpaca {@code generate_instruction.py},
 * {@code if inst.startswith("Write a program"): continue}, because the model tended to append "write
 * a program" to existing tasks, leaving it unclear whether to write code or give the result.
 * Self-Instruct applies {@code str.capitalize()} first, which makes its check case-insensitive
 * ("WRITE A PROGRAM" becomes "Write a program") after {@code re.sub(r"\s+", " ", inst).strip()}
 * has collapsed whitespace runs; this filter does the same, so "  write\ta  program" matches. It is a prefix test, so "Write a programme" and "Write a programming guide"
 * match as they do in the sources, while "Please write a program" does not.
 *
 * <p>Reason code {@code starts_with_write_a_program}.
 */
public final class WriteAProgramFilter implements ExampleFilter {

  public static final String NAME = "write-a-program";
  public static final String REASON = "starts_with_write_a_program";
  static final String PREFIX = "write a program";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> reasons() {
    return List.of(REASON);
  }

  @Override
  public Verdict apply(String instruction, String input, String output) {
    String normalised = instruction == null ? "" : PythonText.collapseWhitespace(instruction);
    if (normalised.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      String head = normalised.substring(0, PREFIX.length());
      return Verdict.drop(REASON, "instruction starts with \"" + head + "\"");
    }
    return Verdict.keep();
  }
}
