package org.instructsynth.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The one seeding helper. Every random choice in a run (template choice, prompt sampling, split
 * buckets, the instance cap, class balancing) is seeded by mixing the run seed with text keys through
 * SHA-256 ({@link #mix}), so the choice is the same on every machine, partitioning, order and rerun.
 * A choice that needs several draws takes a {@link SplittableRandom} seeded that way
 * ({@link #random}); numeric coordinates such as (round, prompt) are keys in decimal.
 *
 * <p>Until release 0.x there was a second helper ({@code core.prompt.Seeds}, SplitMix64 over numeric
 * coordinates) for prompt sampling and the two seeded rules; merging it into this one changed those
 * draws once (docs/rules.md, "Seeding").
 */
public final class Seeds {
  private Seeds() {}

  /** A 64-bit seed from {@code seed} and {@code keys} (each key preceded by a NUL separator). */
  public static long mix(long seed, String... keys) {
    MessageDigest md = ContentHash.sha256();
    md.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
    for (String k : keys) {
      md.update((byte) 0);
      md.update(k.getBytes(StandardCharsets.UTF_8));
    }
    return ByteBuffer.wrap(md.digest()).getLong();
  }

  /** A number in [0, 1) from {@code seed} and {@code keys}, with 53 random bits. */
  public static double unit(long seed, String... keys) {
    return (mix(seed, keys) >>> 11) * 0x1.0p-53;
  }

  /** A stream of draws for {@code seed} and {@code keys}: {@code new SplittableRandom(mix(seed, keys))}. */
  public static SplittableRandom random(long seed, String... keys) {
    return new SplittableRandom(mix(seed, keys));
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
