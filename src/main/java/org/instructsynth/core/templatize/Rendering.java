package org.instructsynth.core.templatize;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One rendered example: a template filled from a labelled row, with the OPTIONS block placed by the
 * template's {@code {options_}} slot or, without the slot, appended after a blank line.
 *
 * <p>When the template has no {@code instruction} pattern the rendered {@code input} pattern becomes
 * the instruction (FLAN's single "inputs" string) and the input is empty; otherwise the two are
 * rendered separately (Alpaca's instruction/input split) and the OPTIONS block goes with the input.
 */
public record Rendering(String instruction, String input, String output) {

  /**
   * Renders {@code tpl} from {@code fields}; {@code optionsBlock} is the text of {@link Options#text}
   * ("" for no options: generation datasets, turned-around templates, the noopt variants).
   *
   * @throws org.instructsynth.core.prompt.Template.MissingSlotException naming the first slot the
   *     row has no value for
   */
  public static Rendering of(Template tpl, Map<String, String> fields, String optionsBlock) {
    Map<String, String> values = new HashMap<>(fields);
    values.put(Options.SLOT, optionsBlock);
    boolean placed = tpl.placesOptions();
    String output = Template.render(tpl.target(), values);
    if (tpl.instruction().isEmpty()) {
      return new Rendering(withOptions(Template.render(tpl.input(), values), placed, optionsBlock), "", output);
    }
    String input = Template.render(tpl.input(), values);
    return new Rendering(Template.render(tpl.instruction(), values).stripTrailing(),
        withOptions(input, placed, optionsBlock), output);
  }

  private static String withOptions(String rendered, boolean placed, String block) {
    return placed ? rendered.stripTrailing() : Options.append(rendered, block);
  }

  /** FLAN's single inputs string: the instruction, then the input after a blank line when there is one. */
  public String inputs() {
    return input.isEmpty() ? instruction : instruction + "\n\n" + input;
  }

  /** This example with {@code exemplars} before it in FLAN v2's few-shot layout, as one instruction. */
  public Rendering withExemplars(List<Rendering> exemplars) {
    if (exemplars.isEmpty()) {
      return this;
    }
    List<FewShot.Shot> shots = exemplars.stream().map(e -> new FewShot.Shot(e.inputs(), e.output())).toList();
    return new Rendering(FewShot.compose(shots, inputs()), "", output);
  }
}
