package org.instructsynth.core.dedup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.instructsynth.core.text.Lcs;
import org.instructsynth.core.text.PackedTokens;
import org.instructsynth.core.text.RougeL;

/**
 * Self-Instruct's sequential ROUGE-L filter, exact and in memory.
 *
 * <p>Records are processed in list order (reference records first). A non-reference record is
 * dropped iff some earlier <em>kept</em> record (reference or not) has {@link RougeL} F-measure
 * strictly greater than {@code threshold}, computed with rouge_score's doubles. Self-Instruct
 * ({@code bootstrap_instructions.py}) and Alpaca ({@code generate_instruction.py}) apply
 * {@code max(rouge_scores) > 0.7} against the seeds plus everything kept so far.
 *
 * <p>Also reported per record (see {@link DedupDecision}): the best earlier kept record, exact
 * whenever its F is at least {@code floor} ({@code 0 < floor <= threshold}); below the floor it is
 * reported as null, so candidate generation only has to find pairs with {@code F >= floor}.
 *
 * <p>{@link #bruteForce} compares all pairs; {@link #indexed} uses the prefix filter of
 * {@link PrefixFilter} at the floor over an incremental inverted index of kept records and gives the
 * same decisions.
 */
public final class SequentialDedup {
  private SequentialDedup() {}

  /** All-pairs reference implementation. */
  public static List<DedupDecision> bruteForce(
      List<DedupRecord> records, double threshold, double floor) {
    validate(threshold, floor);
    PackedTokens tokens = pack(records);
    Lcs lcs = new Lcs();
    List<DedupDecision> out = new ArrayList<>(records.size());
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      DedupRecord r = records.get(i);
      double best = -1;
      int bestIdx = -1;
      for (int j : kept) {
        double f = tokens.fmeasure(lcs, i, j);
        if (f > best) {
          best = f;
          bestIdx = j;
        }
      }
      out.add(decide(records, r, i, best, bestIdx, threshold, floor, kept));
    }
    return out;
  }

  /** Prefix-filter indexed version; identical output to {@link #bruteForce}. */
  public static List<DedupDecision> indexed(
      List<DedupRecord> records, double threshold, double floor) {
    validate(threshold, floor);
    // Global order of token occurrences (token, k-th occurrence): rarest first, then by key.
    Map<Long, Integer> frequency = new HashMap<>();
    long[][] elements = new long[records.size()][];
    for (int i = 0; i < records.size(); i++) {
      elements[i] = occurrences(records.get(i).tokens());
      for (long e : elements[i]) {
        frequency.merge(e, 1, Integer::sum);
      }
    }
    PackedTokens tokens = pack(records);
    Lcs lcs = new Lcs();
    Map<Long, List<Integer>> index = new HashMap<>();
    List<Integer> kept = new ArrayList<>();
    List<DedupDecision> out = new ArrayList<>(records.size());
    int[] seen = new int[records.size()];
    Arrays.fill(seen, -1);
    for (int i = 0; i < records.size(); i++) {
      DedupRecord r = records.get(i);
      long[] prefix = prefix(elements[i], frequency, floor);
      double best = -1;
      int bestIdx = -1;
      for (long e : prefix) {
        List<Integer> posting = index.get(e);
        if (posting == null) {
          continue;
        }
        for (int j : posting) {
          if (seen[j] == i) {
            continue;
          }
          seen[j] = i;
          DedupRecord other = records.get(j);
          if (!PrefixFilter.lengthCompatible(other.tokens().length, r.tokens().length, floor)) {
            continue;
          }
          double f = tokens.fmeasure(lcs, i, j);
          if (f > best || (f == best && j < bestIdx)) {
            best = f;
            bestIdx = j;
          }
        }
      }
      DedupDecision d = decide(records, r, i, best, bestIdx, threshold, floor, kept);
      out.add(d);
      if (d.kept()) {
        for (long e : prefix) {
          index.computeIfAbsent(e, k -> new ArrayList<>()).add(i);
        }
      }
    }
    return out;
  }

  private static DedupDecision decide(
      List<DedupRecord> records,
      DedupRecord r,
      int i,
      double best,
      int bestIdx,
      double threshold,
      double floor,
      List<Integer> kept) {
    String nearest = bestIdx >= 0 && best >= floor ? records.get(bestIdx).id() : null;
    Double max = nearest == null ? null : best;
    if (!r.reference() && best > threshold) {
      return new DedupDecision(r.id(), false, nearest, best, max, nearest);
    }
    kept.add(i);
    return new DedupDecision(r.id(), true, null, null, max, nearest);
  }

  /** The records' tokens end to end, index i = record i (rouge_score's F-measure is symmetric). */
  private static PackedTokens pack(List<DedupRecord> records) {
    int total = 0;
    for (DedupRecord r : records) {
      total += r.tokens().length;
    }
    PackedTokens tokens = new PackedTokens(records.size(), total);
    for (DedupRecord r : records) {
      tokens.add(r.tokens());
    }
    return tokens;
  }

  /** Token occurrences as {@code token << 32 | k} for the k-th (0-based) occurrence of token. */
  static long[] occurrences(int[] tokens) {
    Map<Integer, Integer> counts = new HashMap<>();
    long[] out = new long[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      int k = counts.merge(tokens[i], 1, Integer::sum) - 1;
      out[i] = ((long) tokens[i] << 32) | k;
    }
    return out;
  }

  private static long[] prefix(long[] elements, Map<Long, Integer> frequency, double floor) {
    Long[] sorted = Arrays.stream(elements).boxed().toArray(Long[]::new);
    Arrays.sort(
        sorted,
        (x, y) -> {
          int c = Integer.compare(frequency.get(x), frequency.get(y));
          return c != 0 ? c : Long.compare(x, y);
        });
    int p = PrefixFilter.prefixLength(elements.length, floor);
    long[] out = new long[p];
    for (int i = 0; i < p; i++) {
      out[i] = sorted[i];
    }
    return out;
  }

  static void validate(double threshold, double floor) {
    if (!(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("Dedup threshold must be in (0, 1), got " + threshold);
    }
    if (!(floor > 0 && floor <= threshold)) {
      throw new IllegalArgumentException(
          "Similarity floor must be in (0, threshold=" + threshold + "], got " + floor);
    }
  }
}
