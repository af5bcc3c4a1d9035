package org.instructsynth.core.templatize;

import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.instructsynth.core.UserError;

/**
 * One FLAN-style instruction template: patterns with {@code {field}} slots filled from a labelled row.
 * {@code {{} and {@code }}} stand for literal braces.
 *
 * <p>When {@code instruction} is empty the rendered {@code input} pattern becomes the example's
 * instruction (FLAN's single "inputs" string) and the example's input is empty; otherwise the two are
 * rendered separately (Alpaca's instruction/input split).
 *
 * @param turnedAround FLAN's "turned around" templates ask for the input given the target; they never
 *     get an OPTIONS suffix
 */
public record Template(
    String id, String instruction, String input, String target, boolean turnedAround)
    implements Serializable {

  /**
   * The field names this template's patterns use, in order of first use; the reserved
   * {@code {options_}} slot ({@link Options#SLOT}) is not a field.
   */
  public Set<String> fields() {
    Set<String> out = slots();
    out.remove(Options.SLOT);
    return out;
  }

  /** Whether the template places the OPTIONS block itself with {@code {options_}}. */
  public boolean placesOptions() {
    return slots().contains(Options.SLOT);
  }

  private Set<String> slots() {
    Set<String> out = new LinkedHashSet<>();
    for (String pattern : List.of(instruction, input, target)) {
      out.addAll(org.instructsynth.core.prompt.Template.compile(id, pattern).slots());
    }
    return out;
  }

  /**
   * Fills {@code pattern}'s slots from {@code row} (extra fields are ignored).
   *
   * @throws org.instructsynth.core.prompt.Template.MissingSlotException naming the first slot the
   *     row has no value for
   */
  public static String render(String pattern, Map<String, String> row) {
    return org.instructsynth.core.prompt.Template.compile("pattern", pattern).renderFrom(row);
  }

  /** Checks a pattern's syntax; returns a description of the first error or null. */
  public static String syntaxError(String pattern) {
    try {
      org.instructsynth.core.prompt.Template.compile("pattern", pattern);
      return null;
    } catch (UserError e) {
      return e.getMessage();
    }
  }
}
