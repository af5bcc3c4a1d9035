package org.instructsynth.core.templatize;

import java.util.List;

/** FLAN's OPTIONS suffix for classification templates. */
public final class Options {
  private Options() {}

  /**
   * Appends the choices to a rendered input the way FLAN does: a blank line, {@code OPTIONS:}, then
   * one {@code - label} line per choice, in the given order.
   */
  public static String append(String renderedInput, List<String> labels) {
    StringBuilder sb = new StringBuilder(renderedInput.stripTrailing()).append("\n\nOPTIONS:");
    for (String label : labels) {
      sb.append("\n- ").append(label);
    }
    return sb.toString();
  }
}
