package org.instructsynth.core.text;

import java.util.Arrays;

/**
 * Length of the longest common subsequence of two token-id sequences.
 *
 * <p>{@link #length} is the bit-parallel algorithm of Allison and Dix (1986) in Hyyrö's form
 * ("Bit-parallel LCS-length computation revisited", 2004): with the shorter sequence as the
 * pattern, {@code V' = (V + (V & M[c])) | (V & ~M[c])} per symbol of the longer one, and the LCS is
 * the number of zero bits of V. One 64-bit word when the shorter side has at most 64 tokens,
 * ceil(m/64) words with carry propagation beyond. {@link #dynamicProgramming} is the plain O(mn)
 * table rouge_score uses ({@code rouge_scorer._lcs_table}), kept as the reference.
 *
 * <p>A {@code Lcs} instance holds reusable scratch space and is not thread-safe; the static
 * {@link #of} uses a per-thread instance.
 */
public final class Lcs {
  private static final int SCAN_LIMIT = 24;
  private static final ThreadLocal<Lcs> LOCAL = ThreadLocal.withInitial(Lcs::new);

  // Open-addressing table: symbol -> row in masks; a slot is live iff stamp[slot] == generation.
  private int[] keys = new int[256];
  private int[] rows = new int[256];
  private int[] stamp = new int[256];
  private int generation;
  private long[] masks = new long[64];
  private long[] v = new long[4];

  /** LCS length of {@code a} and {@code b}, using this thread's scratch space. */
  public static int of(int[] a, int[] b) {
    return LOCAL.get().length(a, b);
  }

  /** LCS length of {@code a} and {@code b} (bit-parallel). */
  public int length(int[] a, int[] b) {
    int[] pattern = a.length <= b.length ? a : b;
    int[] text = pattern == a ? b : a;
    int m = pattern.length;
    if (m == 0) {
      return 0;
    }
    if (m <= SCAN_LIMIT) {
      return shortPattern(pattern, text);
    }
    int words = (m + 63) >>> 6;
    buildMasks(pattern, words);
    if (words == 1) {
      long vv = -1L;
      for (int c : text) {
        int row = find(c);
        if (row >= 0) {
          long u = vv & masks[row];
          vv = (vv + u) | (vv - u);
        }
      }
      long live = m == 64 ? -1L : (1L << m) - 1;
      return m - Long.bitCount(vv & live);
    }
    if (v.length < words) {
      v = new long[words];
    }
    Arrays.fill(v, 0, words, -1L);
    for (int c : text) {
      int row = find(c);
      if (row < 0) {
        continue;
      }
      int base = row * words;
      long carry = 0;
      for (int w = 0; w < words; w++) {
        long vw = v[w];
        long u = vw & masks[base + w];
        long t = vw + carry;
        long c1 = Long.compareUnsigned(t, vw) < 0 ? 1 : 0;
        long s = t + u;
        long c2 = Long.compareUnsigned(s, t) < 0 ? 1 : 0;
        carry = c1 | c2;
        v[w] = s | (vw & ~u);
      }
    }
    int ones = 0;
    for (int w = 0; w < words - 1; w++) {
      ones += Long.bitCount(v[w]);
    }
    int tail = m - ((words - 1) << 6);
    long live = tail == 64 ? -1L : (1L << tail) - 1;
    ones += Long.bitCount(v[words - 1] & live);
    return m - ones;
  }

  /**
   * Single-word Hyyrö for short patterns: the match mask of each text symbol is built by a
   * branch-free scan of the pattern, cheaper than hashing for a dozen tokens.
   */
  private static int shortPattern(int[] pattern, int[] text) {
    int m = pattern.length;
    long signature = 0;
    for (int p : pattern) {
      signature |= 1L << (mix(p) & 63);
    }
    long vv = -1L;
    for (int c : text) {
      if ((signature & (1L << (mix(c) & 63))) == 0) {
        continue; // c is not in the pattern: no match bits, V unchanged
      }
      long match = 0;
      for (int i = 0; i < m; i++) {
        match |= (pattern[i] == c ? 1L : 0L) << i;
      }
      long u = vv & match;
      vv = (vv + u) | (vv - u);
    }
    long live = m == 64 ? -1L : (1L << m) - 1;
    return m - Long.bitCount(vv & live);
  }

  private void buildMasks(int[] pattern, int words) {
    int m = pattern.length;
    int cap = Integer.highestOneBit(Math.max(16, m * 2 - 1)) << 1;
    if (keys.length < cap) {
      keys = new int[cap];
      rows = new int[cap];
      stamp = new int[cap];
      generation = 0;
    }
    generation++;
    if (generation == 0) {
      Arrays.fill(stamp, 0);
      generation = 1;
    }
    int distinct = 0;
    if (masks.length < m * words) {
      masks = new long[m * words];
    }
    for (int i = 0; i < m; i++) {
      int c = pattern[i];
      int row = find(c);
      if (row < 0) {
        row = distinct++;
        insert(c, row);
        Arrays.fill(masks, row * words, row * words + words, 0L);
      }
      masks[row * words + (i >>> 6)] |= 1L << (i & 63);
    }
  }

  private int find(int key) {
    int mask = keys.length - 1;
    int slot = mix(key) & mask;
    while (stamp[slot] == generation) {
      if (keys[slot] == key) {
        return rows[slot];
      }
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  private void insert(int key, int row) {
    int mask = keys.length - 1;
    int slot = mix(key) & mask;
    while (stamp[slot] == generation) {
      slot = (slot + 1) & mask;
    }
    stamp[slot] = generation;
    keys[slot] = key;
    rows[slot] = row;
  }

  private static int mix(int key) {
    int h = key * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  /** LCS length by the O(|a||b|) dynamic programme; the reference for {@link #length}. */
  public static int dynamicProgramming(int[] a, int[] b) {
    int[] prev = new int[b.length + 1];
    int[] cur = new int[b.length + 1];
    for (int i = 1; i <= a.length; i++) {
      for (int j = 1; j <= b.length; j++) {
        cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
      }
      int[] swap = prev;
      prev = cur;
      cur = swap;
    }
    return prev[b.length];
  }
}
