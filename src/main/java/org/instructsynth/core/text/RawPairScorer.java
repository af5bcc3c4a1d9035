package org.instructsynth.core.text;

import java.util.Arrays;

/**
 * Allocation-light ROUGE-L of two raw strings for the unstemmed rouge-score tokenizer: both texts
 * are lower-cased into one char buffer, tokens are interned by hash plus exact character comparison
 * (no String per token), and the LCS runs on the resulting ids. Gives exactly {@link
 * RougeL#score(java.util.List, java.util.List)} of the {@link RougeScoreTokenizer} tokens. Not
 * thread-safe; {@link RougeL} keeps one per thread.
 */
final class RawPairScorer {
  private char[] chars = new char[256];
  private int[] start = new int[64];
  private int[] length = new int[64];
  private int[] hash = new int[64];
  private int[] ids = new int[64];
  private int[] table = new int[128];
  private final Lcs lcs = new Lcs();

  RougeScore score(String target, String prediction) {
    int total = target.length() + prediction.length();
    if (chars.length < total) {
      chars = new char[Math.max(total, chars.length * 2)];
    }
    int nt = tokenize(target, 0, 0);
    int np = tokenize(prediction, target.length(), nt) - nt;
    if (nt == 0 || np == 0) {
      return RougeScore.ZERO;
    }
    int cap = Integer.highestOneBit(Math.max(8, nt * 2 - 1)) << 1;
    if (table.length < cap) {
      table = new int[cap];
    }
    Arrays.fill(table, 0, cap, -1);
    int mask = cap - 1;
    int[] t = new int[nt];
    int distinct = 0;
    for (int i = 0; i < nt; i++) {
      int slot = hash[i] & mask;
      int id = -1;
      while (table[slot] >= 0) {
        int j = table[slot];
        if (hash[j] == hash[i] && same(j, i)) {
          id = ids[j];
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (id < 0) {
        id = distinct++;
        table[slot] = i;
      }
      ids[i] = id;
      t[i] = id;
    }
    // Prediction tokens absent from the target cannot be part of a common subsequence: leave them
    // out of the LCS (the score still divides by the full np).
    int[] p = new int[np];
    int kept = 0;
    for (int k = 0; k < np; k++) {
      int i = nt + k;
      int slot = hash[i] & mask;
      while (table[slot] >= 0) {
        int j = table[slot];
        if (hash[j] == hash[i] && same(j, i)) {
          p[kept++] = ids[j];
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    if (kept == 0) {
      return RougeL.score(0, nt, np);
    }
    return RougeL.score(lcs.length(t, kept == np ? p : Arrays.copyOf(p, kept)), nt, np);
  }

  private boolean same(int a, int b) {
    int len = length[a];
    if (len != length[b]) {
      return false;
    }
    return Arrays.equals(chars, start[a], start[a] + len, chars, start[b], start[b] + len);
  }

  /** Appends the tokens of {@code text} (chars at {@code offset}); returns the new token count. */
  private int tokenize(String text, int offset, int count) {
    int pos = offset;
    int tokenStart = offset;
    int h = 0;
    for (int i = 0; i < text.length(); i++) {
      int mapped = RougeScoreTokenizer.map(text.charAt(i));
      if (mapped != 0) {
        char c = (char) mapped;
        chars[pos++] = c;
        h = h * 31 + c;
      }
      if ((mapped == 0 || (mapped & RougeScoreTokenizer.ENDS_TOKEN) != 0) && pos > tokenStart) {
        count = add(count, tokenStart, pos - tokenStart, h);
        tokenStart = pos;
        h = 0;
      }
    }
    if (pos > tokenStart) {
      count = add(count, tokenStart, pos - tokenStart, h);
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
