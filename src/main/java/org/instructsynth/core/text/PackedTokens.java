package org.instructsynth.core.text;

import java.util.Arrays;

/**
 * Token-id sequences stored end to end in one {@code int[]}, with their start offsets in another:
 * the layout for scoring many records against each other. Compared with one {@code int[]} object
 * per record, a pair costs no pointer chase to a separately allocated array and no object header,
 * and neighbouring records share cache lines (the pre-tokenised benchmark in {@code
 * jobs/bench-dedup.sh} measures both). Append-only; not thread-safe.
 */
public final class PackedTokens {
  private int[] tokens;
  private int[] starts;
  private int size;

  public PackedTokens() {
    this(16, 256);
  }

  public PackedTokens(int expectedSequences, int expectedTokens) {
    tokens = new int[Math.max(16, expectedTokens)];
    starts = new int[Math.max(16, expectedSequences) + 1];
  }

  /** Appends a copy of {@code sequence}; returns its index. */
  public int add(int[] sequence) {
    int end = starts[size];
    if (end + sequence.length > tokens.length) {
      tokens = Arrays.copyOf(tokens, Math.max(end + sequence.length, tokens.length * 2));
    }
    if (size + 2 > starts.length) {
      starts = Arrays.copyOf(starts, starts.length * 2);
    }
    System.arraycopy(sequence, 0, tokens, end, sequence.length);
    starts[size + 1] = end + sequence.length;
    return size++;
  }

  /** Number of sequences. */
  public int size() {
    return size;
  }

  /** Number of tokens of sequence {@code i}. */
  public int length(int i) {
    return starts[i + 1] - starts[i];
  }

  /** A copy of sequence {@code i}. */
  public int[] get(int i) {
    return Arrays.copyOfRange(tokens, starts[i], starts[i + 1]);
  }

  /** LCS length of sequences {@code i} and {@code j}, with {@code lcs}'s scratch space. */
  public int lcs(Lcs lcs, int i, int j) {
    return lcs.length(tokens, starts[i], length(i), tokens, starts[j], length(j));
  }

  /**
   * ROUGE-L F-measure of target {@code i} and prediction {@code j}, the same double as {@link
   * RougeL#fmeasure(int, int, int)} (and symmetric bit for bit).
   */
  public double fmeasure(Lcs lcs, int i, int j) {
    return RougeL.fmeasure(lcs(lcs, i, j), length(i), length(j));
  }
}
