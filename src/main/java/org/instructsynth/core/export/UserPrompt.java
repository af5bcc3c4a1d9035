package org.instructsynth.core.export;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.instructsynth.core.prompt.DistillPrompts;
import org.instructsynth.core.prompt.Template;

/**
 * Renders an example's instruction and input into the user turn of an export. Three kinds:
 * <ul>
 *   <li>{@link #plain()}: the instruction, then a blank line and the input when the input is not blank;
 *   <li>{@link #alpaca}: Alpaca's {@code PROMPT_DICT} pair as the distill teacher got it (the with-input
 *       template when the input is not blank), rendered by {@link DistillPrompts#teacherMessages};
 *   <li>{@link #template}: user templates with {@code {instruction}} and optionally {@code {input}}; the
 *       no-input template is used when the input is blank.
 * </ul>
 */
public final class UserPrompt implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The slots a user template may have. */
  public static final Set<String> SLOTS = Set.of("instruction", "input");

  private final Template withInput;
  private final Template noInput;
  private final boolean alpaca;

  private UserPrompt(Template withInput, Template noInput, boolean alpaca) {
    this.withInput = withInput;
    this.noInput = noInput;
    this.alpaca = alpaca;
  }

  public static UserPrompt plain() {
    return new UserPrompt(null, null, false);
  }

  /** Alpaca's prompt as the distill teacher saw it ({@code distill-teacher-input} / {@code -no-input}). */
  public static UserPrompt alpaca(Template withInput, Template noInput) {
    return new UserPrompt(withInput, noInput, true);
  }

  /**
   * User templates; {@code noInput} may equal {@code withInput}.
   *
   * @throws IllegalArgumentException when a template lacks {@code {instruction}} or has another slot
   */
  public static UserPrompt template(Template withInput, Template noInput) {
    check(withInput);
    check(noInput);
    return new UserPrompt(withInput, noInput, false);
  }

  /** Why {@code t} cannot be a user template, or null when it can. */
  public static String problem(Template t) {
    if (!t.slots().contains("instruction")) {
      return "has no {instruction} slot; write e.g. \"{instruction}\\n\\n{input}\"";
    }
    for (String s : t.slots()) {
      if (!SLOTS.contains(s)) {
        return "has the slot {" + s + "}; only {instruction} and {input} are filled ({{ and }} are literal braces)";
      }
    }
    return null;
  }

  private static void check(Template t) {
    String p = problem(t);
    if (p != null) {
      throw new IllegalArgumentException("template '" + t.name() + "' " + p);
    }
  }

  /** The user turn for one example; null fields count as empty. */
  public String render(String instruction, String input) {
    String ins = instruction == null ? "" : instruction;
    String in = input == null ? "" : input;
    if (alpaca) {
      return DistillPrompts.teacherMessages(withInput, noInput, null, ins, in).get(0).content();
    }
    if (withInput == null) {
      return in.isBlank() ? ins : ins + "\n\n" + in;
    }
    Map<String, String> values = new HashMap<>();
    values.put("instruction", ins);
    values.put("input", in);
    return (in.isBlank() ? noInput : withInput).renderFrom(values);
  }

  /** How the card describes the rendering. */
  public String describe() {
    if (alpaca) {
      return "Alpaca's prompt as the teacher got it (prompts/distill-teacher-input.txt when the input is not blank, "
          + "prompts/distill-teacher-no-input.txt otherwise)";
    }
    if (withInput == null) {
      return "the instruction, then a blank line and the input when the input is not blank";
    }
    return withInput.source().equals(noInput.source())
        ? "export.prompt-template: " + quote(withInput.source())
        : "export.prompt-template: " + quote(withInput.source()) + "; without input: " + quote(noInput.source());
  }

  private static String quote(String s) {
    return "`" + s.replace("\n", "\\n").replace("`", "'") + "`";
  }
}
