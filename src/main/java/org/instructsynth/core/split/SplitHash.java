package org.instructsynth.core.split;

import org.instructsynth.core.Seeds;

/**
 * The split bucket of a group: a number in [0, 1) computed from the split seed and the group key with
 * SHA-256, so it is the same on every machine, Spark version and night. A group goes to eval when its
 * bucket is below the eval fraction, so raising the fraction only moves groups from train to eval.
 */
public final class SplitHash {
  private SplitHash() {}

  public static double bucket(long seed, String groupKey) {
    return Seeds.unit(seed, groupKey);
  }
}
