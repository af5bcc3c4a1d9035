package org.instructsynth.core.filter;

import java.util.List;
import org.instructsynth.core.text.PythonText;

/**
 * Drops instructions that start with "Write a program".
 *
 * <p>Source: {@code yizhongw/self-instruct self_instruct/bootstrap_instructions.py} line 61 and
 * {@code tatsu-lab/stanford_alpaca generate_instruction.py} line 94,
 * {@code if inst.startswith("Write a program"): continue}, because the model tended to append "write
 * a program" to existing tasks, leaving it unclear whether to write code or give the result. It is a
 * prefix test after {@code re.sub(r"\s+", " ", inst).strip()} has collapsed whitespace runs (Python's
 * Unicode whitespace, {@link PythonText}), so "Write a programme" and "Write a programming guide"
 * match as they do in the sources, while "Please write a program" does not.
 *
 * <p>Case: Self-Instruct applies {@code str.capitalize()} first (line 48), which makes its check
 * case-insensitive ("WRITE A PROGRAM" becomes "Write a program"); Alpaca does not capitalise, so its
 * check is case-sensitive ("write a program ..." is kept). {@link #ignoringCase()} is the Self-Instruct
 * and curate rule, {@link #caseSensitive()} Alpaca's.
 *
 * <p>Reason code {@code starts_with_write_a_program} (alias {@code write_a_program}, the LLM recipes'
 * code before release 0.x).
 */
public final class WriteAProgramFilter extends Rule implements ExampleFilter {

  public static final String NAME = "write-a-program";
  public static final String REASON = ReasonCodes.STARTS_WITH_WRITE_A_PROGRAM;
  static final String PREFIX = "Write a program";

  private final boolean ignoreCase;

  /** The Self-Instruct and curate rule: case-insensitive. */
  public WriteAProgramFilter() {
    this(true);
  }

  private WriteAProgramFilter(boolean ignoreCase) {
    super(NAME, List.of(REASON));
    this.ignoreCase = ignoreCase;
  }

  public static WriteAProgramFilter ignoringCase() {
    return new WriteAProgramFilter(true);
  }

  /** Alpaca's rule: {@code inst.startswith("Write a program")} on the text as written. */
  public static WriteAProgramFilter caseSensitive() {
    return new WriteAProgramFilter(false);
  }

  @Override
  public Verdict apply(String instruction, String input, String output) {
    String normalised = instruction == null ? "" : PythonText.collapseWhitespace(instruction);
    if (normalised.regionMatches(ignoreCase, 0, PREFIX, 0, PREFIX.length())) {
      String head = normalised.substring(0, PREFIX.length());
      return Verdict.drop(REASON, "instruction starts with \"" + head + "\"");
    }
    return Verdict.keep();
  }
}
