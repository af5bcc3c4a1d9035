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
 * <p>The match masks M[c] of a pattern of at most 64 tokens live in a table indexed by the token id
 * itself when every pattern id is in {@code [0, 2^22)} (interned ids are dense from 0): building it
 * is one OR per pattern token, each text token costs one load, and the touched entries are zeroed
 * afterwards. The table grows to the largest id seen (8 bytes per id, at most 32 MB). Other ids
 * (negative, huge, hashes) and longer patterns use a small open-addressing table instead.
 *
 * <p>A {@code Lcs} instance holds reusable scratch space and is not thread-safe; the static
 * {@link #of} uses a per-thread instance.
 */
public final class Lcs {
  /** Ids below this use the direct-indexed mask table. */
  static final int DENSE_LIMIT = 1 << 22;

  private static final ThreadLocal<Lcs> LOCAL = ThreadLocal.withInitial(Lcs::new);

  // Direct-indexed single-word masks, all zero between calls.
  private long[] dense = new long[1024];

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
    return length(a, 0, a.length, b, 0, b.length);
  }

  /**
   * LCS length of {@code a[aFrom, aFrom + aLength)} and {@code b[bFrom, bFrom + bLength)}, for
   * sequences packed into shared arrays (see {@link PackedTokens}).
   */
  public int length(int[] a, int aFrom, int aLength, int[] b, int bFrom, int bLength) {
    return aLength <= bLength
        ? patternFirst(a, aFrom, aLength, b, bFrom, bLength)
        : patternFirst(b, bFrom, bLength, a, aFrom, aLength);
  }

  /** LCS length with the pattern (the shorter side, {@code m <= n}) first. */
  private int patternFirst(int[] pattern, int pFrom, int m, int[] text, int tFrom, int n) {
    if (m == 0) {
      return 0;
    }
    if (m <= 64) {
      int direct = singleWordDirect(pattern, pFrom, m, text, tFrom, n);
      if (direct >= 0) {
        return direct;
      }
    }
    return hashed(pattern, pFrom, m, text, tFrom, n);
  }

  /** Bit-parallel LCS with the masks in the open-addressing table, any ids, any pattern length. */
  private int hashed(int[] pattern, int pFrom, int m, int[] text, int tFrom, int n) {
    int words = (m + 63) >>> 6;
    buildMasks(pattern, pFrom, m, words);
    if (words == 1) {
      long vv = -1L;
      for (int j = tFrom, end = tFrom + n; j < end; j++) {
        int row = find(text[j]);
        if (row >= 0) {
          long u = vv & masks[row];
          vv = (vv + u) | (vv - u);
        }
      }
      return m - Long.bitCount(vv & live(m));
    }
    if (v.length < words) {
      v = new long[words];
    }
    Arrays.fill(v, 0, words, -1L);
    for (int j = tFrom, end = tFrom + n; j < end; j++) {
      int row = find(text[j]);
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
    ones += Long.bitCount(v[words - 1] & live(m - ((words - 1) << 6)));
    return m - ones;
  }

  /**
   * Single-word Hyyrö with the masks in the direct-indexed table; -1 (table left clean) when a
   * pattern id is negative or at least {@link #DENSE_LIMIT}.
   */
  private int singleWordDirect(int[] pattern, int pFrom, int m, int[] text, int tFrom, int n) {
    long[] d = dense;
    for (int i = 0; i < m; i++) {
      int c = pattern[pFrom + i];
      if (Integer.compareUnsigned(c, d.length) >= 0) {
        if (Integer.compareUnsigned(c, DENSE_LIMIT) >= 0) {
          clear(d, pattern, pFrom, i);
          return -1;
        }
        d = dense = Arrays.copyOf(d, Math.min(DENSE_LIMIT, Math.max(c + 1, d.length * 2)));
      }
      d[c] |= 1L << i;
    }
    int size = d.length;
    long vv = -1L;
    for (int j = tFrom, end = tFrom + n; j < end; j++) {
      int c = text[j];
      if (Integer.compareUnsigned(c, size) < 0) {
        long u = vv & d[c];
        vv = (vv + u) | (vv - u);
      }
    }
    clear(d, pattern, pFrom, m);
    return m - Long.bitCount(vv & live(m));
  }

  private static void clear(long[] d, int[] pattern, int pFrom, int count) {
    for (int i = 0; i < count; i++) {
      d[pattern[pFrom + i]] = 0;
    }
  }

  /** The low {@code bits} bits set (1 <= bits <= 64). */
  private static long live(int bits) {
    return bits == 64 ? -1L : (1L << bits) - 1;
  }

  private void buildMasks(int[] pattern, int pFrom, int m, int words) {
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
      int c = pattern[pFrom + i];
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
