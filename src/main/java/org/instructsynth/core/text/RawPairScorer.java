package org.instructsynth.core.text;

import java.util.Arrays;

/**
 * Allocation-light ROUGE-L of two raw strings for the unstemmed rouge-score tokenizer: both texts
 * are copied into one char buffer and lower-cased and split in place (an ASCII lookup table, {@link
 * RougeScoreTokenizer#map} for the rest), tokens are interned by hash plus exact character
 * comparison (no String per token), and the LCS runs on the resulting ids in reused arrays. Gives
 * exactly {@link RougeL#score(java.util.List, java.util.List)} of the {@link RougeScoreTokenizer}
 * tokens. Not thread-safe; {@link RougeL} keeps one per thread.
 */
final class RawPairScorer {
  /** {@link RougeScoreTokenizer#map} of every ASCII character. */
  private static final char[] ASCII = new char[128];

  static {
    for (char c = 0; c < 128; c++) {
      ASCII[c] = (char) RougeScoreTokenizer.map(c);
    }
  }

  private char[] chars = new char[256];
  private int[] start = new int[64];
  private int[] length = new int[64];
  private int[] hash = new int[64];
  private int[] ids = new int[64];
  private int[] table = new int[128];
  private int[] targetIds = new int[64];
  private int[] predictionIds = new int[64];
  private final Lcs lcs = new Lcs();

  RougeScore score(String target, String prediction) {
    int total = target.length() + prediction.length();
    if (chars.length < total) {
      chars = new char[Math.max(total, chars.length * 2)];
    }
    target.getChars(0, target.length(), chars, 0);
    prediction.getChars(0, prediction.length(), chars, target.length());
    int nt = tokenize(0, target.length(), 0);
    int np = tokenize(target.length(), total, nt) - nt;
    if (nt == 0 || np == 0) {
      return RougeScore.ZERO;
    }
    int cap = Integer.highestOneBit(Math.max(8, nt * 2 - 1)) << 1;
    if (table.length < cap) {
      table = new int[cap];
    }
    Arrays.fill(table, 0, cap, -1);
    if (targetIds.length < nt) {
      targetIds = new int[Math.max(nt, targetIds.length * 2)];
    }
    if (predictionIds.length < np) {
      predictionIds = new int[Math.max(np, predictionIds.length * 2)];
    }
    int mask = cap - 1;
    int[] t = targetIds;
    int distinct = 0;
    for (int i = 0; i < nt; i++) {
      int slot = slot(i, mask);
      if (table[slot] < 0) {
        table[slot] = i;
        ids[i] = distinct++;
      } else {
        ids[i] = ids[table[slot]];
      }
      t[i] = ids[i];
    }
    // Prediction tokens absent from the target cannot be part of a common subsequence: leave them
    // out of the LCS (the score still divides by the full np).
    int[] p = predictionIds;
    int kept = 0;
    for (int i = nt; i < nt + np; i++) {
      int slot = slot(i, mask);
      if (table[slot] >= 0) {
        p[kept++] = ids[table[slot]];
      }
    }
    int common = kept == 0 ? 0 : lcs.length(t, 0, nt, p, 0, kept);
    return RougeL.score(common, nt, np);
  }

  /**
   * The slot of the target-token table holding a token equal to token {@code i}, or the empty slot
   * where it would go.
   */
  private int slot(int i, int mask) {
    int slot = hash[i] & mask;
    while (table[slot] >= 0 && !(hash[table[slot]] == hash[i] && same(table[slot], i))) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private boolean same(int a, int b) {
    int len = length[a];
    if (len != length[b]) {
      return false;
    }
    int sa = start[a];
    int sb = start[b];
    for (int k = 0; k < len; k++) {
      if (chars[sa + k] != chars[sb + k]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Tokenises {@code chars[from, end)} in place (token characters are compacted towards {@code
   * from}) and appends the tokens after the first {@code count}; returns the new token count.
   */
  private int tokenize(int from, int end, int count) {
    char[] buf = chars;
    int w = from;
    int tokenStart = from;
    int h = 0;
    for (int r = from; r < end; r++) {
      char c = buf[r];
      int mapped = c < 128 ? ASCII[c] : RougeScoreTokenizer.map(c);
      if (mapped != 0) {
        char lower = (char) mapped;
        buf[w++] = lower;
        h = h * 31 + lower;
        if ((mapped & RougeScoreTokenizer.ENDS_TOKEN) == 0) {
          continue;
        }
      }
      if (w > tokenStart) {
        count = add(count, tokenStart, w - tokenStart, h);
        tokenStart = w;
        h = 0;
      }
    }
    if (w > tokenStart) {
      count = add(count, tokenStart, w - tokenStart, h);
    }
    return count;
  }

  private int add(int count, int tokenStart, int len, int h) {
    if (count == start.length) {
      start = Arrays.copyOf(start, count * 2);
      length = Arrays.copyOf(length, count * 2);
      hash = Arrays.copyOf(hash, count * 2);
      ids = Arrays.copyOf(ids, count * 2);
    }
    start[count] = tokenStart;
    length[count] = len;
    hash[count] = h ^ (h >>> 16);
    return count + 1;
  }
}
