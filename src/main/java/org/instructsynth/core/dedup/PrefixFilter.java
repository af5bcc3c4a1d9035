package org.instructsynth.core.dedup;

/**
 * Exact candidate bounds for ROUGE-L F-measure similarity (DESIGN.md section 5).
 *
 * <p>For token sequences a, b with LCS L: {@code F = 2L/(|a|+|b|)} and {@code L <= min(|a|,|b|)}.
 * {@code F >= t} therefore needs {@code L >= t|a|/(2-t)} (the bound holds for every partner of a),
 * and, since L is at most the multiset overlap of the two token bags, the same minimum overlap; it
 * also needs {@code min/max >= t/(2-t)}. With token occurrences ordered globally, a record's prefix is
 * its first {@code |a| - minOverlap + 1} occurrences, and any pair reaching the overlap shares a
 * prefix occurrence (Chaudhuri, Ganti and Kaushik, "A primitive operator for similarity joins",
 * ICDE 2006).
 *
 * <p>Every bound here is inclusive and is computed for {@code t - }{@link #SLACK}: the scorer's
 * floating-point {@code 2pr/(p+r)} can exceed t when the exact ratio equals t (7 tokens inside 13
 * score 0.7000000000000001), and its rounding error (a few ulps) is far below the slack. So every
 * pair whose <em>computed</em> F is {@code >= t} passes these filters; exact verification decides.
 */
public final class PrefixFilter {
  /** Absolute slack subtracted from the threshold before any bound is derived. */
  public static final double SLACK = 1e-9;

  private PrefixFilter() {}

  private static double relaxed(double threshold) {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException(
          "Similarity threshold must be in (0, 1], got " + threshold);
    }
    return threshold - SLACK;
  }

  /**
   * Minimum LCS (hence token-bag overlap) any partner needs with a record of {@code length} tokens
   * for F to reach {@code threshold}: {@code ceil(t|a|/(2-t))} for the relaxed t, at least 1; 0 for
   * an empty record (which never reaches a positive threshold).
   */
  public static int minOverlap(int length, double threshold) {
    double t = relaxed(threshold);
    if (length == 0) {
      return 0;
    }
    return Math.max(1, (int) Math.ceil(t * length / (2 - t)));
  }

  /** Number of leading (rarest-first) token occurrences to index: {@code |a| - minOverlap + 1}. */
  public static int prefixLength(int length, double threshold) {
    if (length == 0) {
      return 0;
    }
    return length - minOverlap(length, threshold) + 1;
  }

  /**
   * Prefix length that suffices for the shorter record of a pair (AllPairs' indexing prefix,
   * Bayardo, Ma and Srikant, "Scaling up all pairs similarity search", WWW 2007): {@code |x| -
   * ceil(t|x|) + 1} for the relaxed t. For length-compatible x, y with {@code |x| <= |y|}, the
   * pair's required overlap {@code a = ceil(t(|x|+|y|)/2)} is at least {@code ceil(t|x|)} and at
   * least {@link #minOverlap}{@code (|y|)}, so the first common occurrence lies within this prefix
   * of x and within {@link #prefixLength} of y.
   */
  public static int shortPrefixLength(int length, double threshold) {
    double t = relaxed(threshold);
    if (length == 0) {
      return 0;
    }
    return length - Math.max(1, (int) Math.ceil(t * length)) + 1;
  }

  /**
   * Whether a pair of lengths a and b whose LCS is at most {@code overlapBound} can reach F >=
   * threshold: {@code overlapBound >= t(a+b)/2} (relaxed t). With the first common occurrence at
   * 0-based positions i and j of the two sorted occurrence lists, {@code min(a - i, b - j)} bounds
   * the overlap (PPJoin's positional filter, Xiao et al., WWW 2008).
   */
  public static boolean overlapCanReach(int overlapBound, int a, int b, double threshold) {
    double t = relaxed(threshold);
    return overlapBound >= t * (a + b) / 2;
  }

  /** Whether lengths a and b can reach F >= threshold: {@code min(2-t) >= t max} (relaxed t). */
  public static boolean lengthCompatible(int a, int b, double threshold) {
    double t = relaxed(threshold);
    int min = Math.min(a, b);
    int max = Math.max(a, b);
    return min > 0 && min * (2 - t) >= t * max;
  }
}
