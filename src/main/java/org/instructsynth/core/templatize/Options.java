package org.instructsynth.core.templatize;

import java.util.List;

/**
 * FLAN's OPTIONS block for classification templates. A template places it with the {@code {options_}}
 * slot (FLAN's own templates do: mostly after a blank line, sometimes after one newline); a template
 * without the slot gets it at the end after a blank line.
 */
public final class Options {
  /** The reserved slot a template uses to place the options; never a field of the data. */
  public static final String SLOT = "options_";
  /** FLAN 2021 and v2's default: {@code OPTIONS:} then one {@code - label} line per option. */
  public static final String DASH = "dash";
  /** FLAN v2's letter format: {@code OPTIONS:} then {@code (A) label}, {@code (B) label}, ... */
  public static final String LETTERS = "letters";
  /** FLAN v2's "noopt" variants: no options block at all. */
  public static final String NONE = "none";
  public static final List<String> FORMATS = List.of(DASH, LETTERS, NONE);

  private Options() {}

  /** The options block in {@code format}, options in the given order; empty for {@link #NONE}. */
  public static String text(List<String> labels, String format) {
    if (NONE.equals(format)) {
      return "";
    }
    StringBuilder sb = new StringBuilder("OPTIONS:");
    for (int i = 0; i < labels.size(); i++) {
      sb.append('\n').append(LETTERS.equals(format) ? "(" + letter(i) + ") " : "- ").append(labels.get(i));
    }
    return sb.toString();
  }

  /** A, B, ..., Z, then AA, AB, ... for long label lists. */
  static String letter(int i) {
    return i < 26 ? String.valueOf((char) ('A' + i)) : letter(i / 26 - 1) + (char) ('A' + i % 26);
  }

  /**
   * Appends the block to a rendered text the way FLAN's templates mostly place it: a blank line, then
   * the block. An empty block leaves the text as it is (trailing whitespace removed).
   */
  public static String append(String rendered, String block) {
    return block.isEmpty() ? rendered.stripTrailing() : rendered.stripTrailing() + "\n\n" + block;
  }
}
