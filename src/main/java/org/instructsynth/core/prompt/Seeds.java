package org.instructsynth.core.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic random streams for prompt sampling. A run seed plus coordinates such as (round,
 * prompt index) are mixed with the SplitMix64 finaliser into the seed of a {@link SplittableRandom},
 * so every prompt draws from its own stream and rebuilding the same prompt on any executor, in any
 * order, gives the same text (which keeps request keys stable across reruns).
 */
public final class Seeds {
  private Seeds() {}

  /** Mixes {@code seed} with each coordinate in turn. Different coordinate lists give unrelated seeds. */
  public static long mix(long seed, long... coordinates) {
    long h = finalise(seed ^ 0x9E3779B97F4A7C15L);
    for (long c : coordinates) {
      h = finalise(h + 0x9E3779B97F4A7C15L + finalise(c));
    }
    return h;
  }

  /** A fresh stream for these coordinates. */
  public static SplittableRandom random(long seed, long... coordinates) {
    return new SplittableRandom(mix(seed, coordinates));
  }

  /** The SplitMix64 output function (Steele, Lea, Flood 2014). */
  static long finalise(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * {@code k} distinct elements drawn uniformly without replacement, in draw order (a partial
   * Fisher-Yates shuffle over a copy of the indices).
   *
   * @throws IllegalArgumentException if {@code k} is negative or larger than the list
   */
  public static <T> List<T> sample(List<T> items, int k, SplittableRandom rng) {
    if (k < 0 || k > items.size()) {
      throw new IllegalArgumentException("cannot sample " + k + " of " + items.size() + " items");
    }
    int[] idx = new int[items.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    List<T> out = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      int j = i + rng.nextInt(idx.length - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
      out.add(items.get(idx[i]));
    }
    return out;
  }

  /** A shuffled copy (Fisher-Yates). */
  public static <T> List<T> shuffle(List<T> items, SplittableRandom rng) {
    return sample(items, items.size(), rng);
  }
}
