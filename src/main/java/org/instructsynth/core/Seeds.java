package org.instructsynth.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Derived seeds: every random choice in a run (template choice, prompt sampling, split buckets) is
 * seeded by mixing the run seed with text keys through SHA-256, so the choice is the same on every
 * machine, partitioning and rerun.
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
}
