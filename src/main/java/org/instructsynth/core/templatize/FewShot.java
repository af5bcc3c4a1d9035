package org.instructsynth.core.templatize;

import java.util.List;

/**
 * FLAN v2's few-shot layout: each exemplar is its rendered input, the x/y delimiter, its target; the
 * exemplars and then the example's own input are joined by the example separator.
 */
public final class FewShot {
  /** Between an exemplar's input and its target. */
  public static final String XY_DELIMITER = "\n\n";
  /** Between two exemplars, and between the last exemplar and the example's input. */
  public static final String EXAMPLE_SEPARATOR = "\n\n\n";

  private FewShot() {}

  /** One rendered exemplar or example: the whole input text and the target. */
  public record Shot(String input, String target) {}

  /** The few-shot input: {@code exemplars} (in order) then {@code input}; just {@code input} with none. */
  public static String compose(List<Shot> exemplars, String input) {
    StringBuilder sb = new StringBuilder();
    for (Shot s : exemplars) {
      sb.append(s.input()).append(XY_DELIMITER).append(s.target()).append(EXAMPLE_SEPARATOR);
    }
    return sb.append(input).toString();
  }
}
