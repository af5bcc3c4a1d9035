package org.instructsynth.core.templatize;

/**
 * FLAN's template assignment ({@code batch_apply_template}): a dataset's rows, in input order, are cut
 * into groups of as many rows as the dataset has templates; the i-th row of each group is rendered with
 * template i, and the last group, when incomplete, is dropped ({@code drop_remainder=True}).
 */
public final class RoundRobin {
  private RoundRobin() {}

  /** The template of the row at 0-based {@code position} of its dataset's stream. */
  public static int template(long position, int templates) {
    return (int) (position % templates);
  }

  /** The {@code k} templates of a row: its round-robin template and the next k-1, wrapping around. */
  public static int[] templates(long position, int templates, int k) {
    int take = Math.min(k, templates);
    int[] out = new int[take];
    for (int i = 0; i < take; i++) {
      out[i] = (template(position, templates) + i) % templates;
    }
    return out;
  }

  /** Whether the row at {@code position} of a stream of {@code total} rows is in the dropped remainder. */
  public static boolean inRemainder(long position, long total, int templates) {
    return position >= total - total % templates;
  }
}
