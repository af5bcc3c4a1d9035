package org.instructsynth.core.templatize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FLAN's examples-proportional mixing with a rate limit K (seqio {@code mixing_rate_num_examples} with
 * {@code maximum=K}): dataset i's rate is min(n_i, K) / sum_j min(n_j, K). A mixture of {@code size}
 * rows takes about size * rate_i rows of dataset i; the counts are whole numbers by the largest
 * remainder method, so they add up to {@code size} exactly (ties go to the dataset listed first).
 *
 * <p>seqio repeats a dataset that is asked for more rows than it has (epochs); our tables hold each
 * example once, so such a dataset contributes all its rows (capped at n_i) and the mixture is smaller
 * than asked. Repetition is left to the trainer, which can read the rates from the report.
 */
public final class MixingRates {
  private MixingRates() {}

  /** The natural mixture size sum_i min(n_i, K): the default, where dataset i contributes min(n_i, K) rows. */
  public static long naturalSize(Map<String, Long> counts, long k) {
    long total = 0;
    for (long n : counts.values()) {
      total += Math.min(n, k);
    }
    return total;
  }

  /** Each dataset's rate min(n_i, K) / sum_j min(n_j, K), in the given order (all 0 when every n is 0). */
  public static Map<String, Double> rates(Map<String, Long> counts, long k) {
    long total = naturalSize(counts, k);
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      out.put(e.getKey(), total == 0 ? 0.0 : (double) Math.min(e.getValue(), k) / total);
    }
    return out;
  }

  /**
   * Rows drawn from each dataset for a mixture of {@code size} rows ({@code size <= 0}: the natural
   * size): round(size * rate_i) by largest remainder, then capped at n_i (no repetition).
   */
  public static Map<String, Long> draws(Map<String, Long> counts, long k, long size) {
    long total = naturalSize(counts, k);
    long target = size <= 0 ? total : size;
    Map<String, Long> out = new LinkedHashMap<>();
    if (total == 0) {
      counts.keySet().forEach(name -> out.put(name, 0L));
      return out;
    }
    List<String> names = new ArrayList<>(counts.keySet());
    long[] floor = new long[names.size()];
    double[] rest = new double[names.size()];
    long assigned = 0;
    for (int i = 0; i < names.size(); i++) {
      // exact integer arithmetic for the whole part, so the natural size gives min(n_i, K) exactly
      long weight = Math.min(counts.get(names.get(i)), k);
      java.math.BigInteger product = java.math.BigInteger.valueOf(target).multiply(java.math.BigInteger.valueOf(weight));
      java.math.BigInteger[] qr = product.divideAndRemainder(java.math.BigInteger.valueOf(total));
      floor[i] = qr[0].longValueExact();
      rest[i] = qr[1].doubleValue() / total;
      assigned += floor[i];
    }
    for (long left = target - assigned; left > 0; left--) {
      int best = 0;
      for (int i = 1; i < rest.length; i++) {
        if (rest[i] > rest[best]) {
          best = i;
        }
      }
      floor[best]++;
      rest[best] = -1;
    }
    for (int i = 0; i < names.size(); i++) {
      out.put(names.get(i), Math.min(floor[i], counts.get(names.get(i))));
    }
    return out;
  }
}
