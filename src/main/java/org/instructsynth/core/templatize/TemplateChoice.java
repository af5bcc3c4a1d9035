package org.instructsynth.core.templatize;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.instructsynth.core.Seeds;

/**
 * Seeded template choice: which templates render a given source row. The choice depends only on the
 * run seed, the dataset and the row key, so reruns and other partitions of the data agree.
 */
public final class TemplateChoice {
  private TemplateChoice() {}

  /** {@code k} distinct template indexes out of {@code n}, in a seeded random order. */
  public static int[] choose(long seed, String dataset, String rowKey, int n, int k) {
    SplittableRandom rnd = Seeds.random(seed, dataset, rowKey);
    List<Integer> idx = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      idx.add(i);
    }
    int take = Math.min(k, n);
    int[] out = new int[take];
    for (int i = 0; i < take; i++) {
      int j = i + rnd.nextInt(n - i);
      Integer t = idx.get(i);
      idx.set(i, idx.get(j));
      idx.set(j, t);
      out[i] = idx.get(i);
    }
    return out;
  }
}
