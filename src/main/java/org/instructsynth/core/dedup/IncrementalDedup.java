package org.instructsynth.core.dedup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.instructsynth.core.text.Lcs;
import org.instructsynth.core.text.PackedTokens;

/**
 * Self-Instruct's sequential ROUGE-L rule as a long-lived, exact in-memory index: records are
 * {@linkplain #offer offered} one at a time, each is decided against every record kept so far
 * (same decisions as {@link SequentialDedup#bruteForce} over the whole sequence) and, when kept,
 * joins the index. Generation recipes keep one across rounds, so a round costs its candidates'
 * lookups rather than a rebuild over the seeds and the whole pool.
 *
 * <p>Candidates come from the prefix filter of {@link PrefixFilter}: each record's token
 * occurrences {@code (token, k-th occurrence)} are sorted by a global order and the first {@code
 * prefixLength} are indexed; two records with {@code F >= floor} share a prefix element under
 * <em>any</em> fixed total order, so the filter is exact whatever the order is, and the order only
 * decides how selective it is. The order here is a rank per occurrence: rarest first by the
 * frequencies counted at the last (re)build, and occurrences first seen since then ranked before
 * all of those (rarer than anything counted), in order of first sight. When the kept set has doubled
 * since the last build, frequencies are recounted over it and every kept record is re-indexed
 * under the new ranks (amortised O(n log n) in total), so a pool grown from a few seeds still
 * gets rarity-ordered prefixes.
 *
 * <p>Kept records are indexed under their prefix at the floor. A new record first probes only its
 * prefix at the threshold, which is shorter and leaves out its most frequent occurrences: every kept
 * record with F above the threshold shares an element of it (a kept record's threshold prefix is
 * part of its floor prefix), so that alone decides a drop and finds the highest F. Only a record
 * that is kept probes the rest of its floor prefix, for {@code rouge_l_max} down to the floor. In a
 * generation run most candidates are dropped, so most of them never touch the long posting lists of
 * frequent occurrences. Not thread-safe.
 */
public final class IncrementalDedup {
  private static final int MIN_REBUILD = 256;

  private final double threshold;
  private final SequentialRule rule;
  private final double floor;
  private final Lcs lcs = new Lcs();
  private final PackedTokens tokens = new PackedTokens();
  private final List<String> ids = new ArrayList<>();
  /** Indexes (into {@link #tokens}) of the kept records, in order. */
  private int[] kept = new int[64];
  private int keptCount;
  /** Occurrence {@code token << 32 | k} to its rank; ranks of unseen occurrences are negative. */
  private Map<Long, Integer> rank = new HashMap<>();
  private int nextNewRank = -1;
  /** Prefix rank to the kept records whose prefix holds it (indexes into {@link #tokens}). */
  private Map<Integer, IntList> postings = new HashMap<>();
  private int keptAtBuild;
  /** False when the order came from a corpus given up front: it is then never recounted. */
  private final boolean adaptive;
  private int[] seen = new int[64];
  private int stamp;
  /** The current offer's best F so far and its record (index into {@link #tokens}). */
  private double best;
  private int bestIdx;

  public IncrementalDedup(double threshold, double floor) {
    this(threshold, floor, null);
  }

  /**
   * An index whose order counts the occurrences of {@code corpus} (every record that will be
   * offered, when they are known up front) and is never recounted; null for an adaptive order.
   * The corpus records are not added.
   */
  public IncrementalDedup(double threshold, double floor, List<int[]> corpus) {
    SequentialDedup.validate(threshold, floor);
    this.threshold = threshold;
    this.rule = new SequentialRule(threshold);
    this.floor = floor;
    this.adaptive = corpus == null;
    if (corpus != null) {
      rerank(corpus);
    }
  }

  /**
   * Decides {@code record} against every kept record: a non-reference record is dropped iff one of
   * them scores F strictly above the threshold; references are always kept. A kept record joins
   * the index.
   */
  public DedupDecision offer(DedupRecord record) {
    int self = tokens.add(record.tokens());
    ids.add(record.id());
    int length = record.tokens().length;
    int[] ranks = sortedRanks(record.tokens());
    if (++stamp == 0) {
      Arrays.fill(seen, 0);
      stamp = 1;
    }
    if (seen.length < self + 1) {
      seen = Arrays.copyOf(seen, Math.max(self + 1, seen.length * 2));
    }
    best = -1;
    bestIdx = -1;
    // Phase 1, the drop decision: a kept record with F > threshold shares an element of the
    // (shorter) threshold prefix, and the highest F is then among those found.
    probe(self, length, ranks, Math.min(ranks.length, PrefixFilter.prefixLength(ranks.length, threshold)), threshold);
    if (rule.drops(record.reference(), best)) {
      return decision(record);
    }
    // Phase 2, for kept records only: the best F down to the floor, over the floor prefix.
    int[] prefix = Arrays.copyOf(ranks, Math.min(ranks.length, PrefixFilter.prefixLength(ranks.length, floor)));
    probe(self, length, prefix, prefix.length, floor);
    keep(self, prefix);
    return decision(record);
  }

  private DedupDecision decision(DedupRecord record) {
    return DedupDecision.of(record.id(), record.reference(), best, bestIdx < 0 ? null : ids.get(bestIdx), rule, floor);
  }

  /**
   * Verifies the kept records listed under {@code ranks[0, count)} that are length-compatible at
   * {@code bound} and not verified yet for this record; updates {@link #best} and {@link #bestIdx}
   * (ties: the earliest record).
   */
  private void probe(int self, int length, int[] ranks, int count, double bound) {
    for (int k = 0; k < count; k++) {
      IntList posting = postings.get(ranks[k]);
      if (posting == null) {
        continue;
      }
      for (int p = 0; p < posting.size; p++) {
        int j = posting.items[p];
        if (seen[j] == stamp || !PrefixFilter.lengthCompatible(tokens.length(j), length, bound)) {
          continue; // incompatible at the threshold may still be compatible at the floor: not marked
        }
        seen[j] = stamp;
        double f = tokens.fmeasure(lcs, self, j);
        if (f > best || (f == best && j < bestIdx)) {
          best = f;
          bestIdx = j;
        }
      }
    }
  }

  /** Number of records kept so far (references included). */
  public int keptCount() {
    return keptCount;
  }

  private void keep(int self, int[] prefix) {
    if (keptCount == kept.length) {
      kept = Arrays.copyOf(kept, keptCount * 2);
    }
    kept[keptCount++] = self;
    if (adaptive && keptCount >= MIN_REBUILD && keptCount >= 2 * keptAtBuild) {
      List<int[]> corpus = new ArrayList<>(keptCount);
      for (int i = 0; i < keptCount; i++) {
        corpus.add(tokens.get(kept[i]));
      }
      rerank(corpus);
      postings = new HashMap<>();
      for (int i = 0; i < keptCount; i++) {
        index(kept[i], prefix(corpus.get(i)));
      }
      keptAtBuild = keptCount;
    } else {
      index(self, prefix);
    }
  }

  private void index(int record, int[] prefix) {
    for (int r : prefix) {
      postings.computeIfAbsent(r, k -> new IntList()).add(record);
    }
  }

  /** Ranks every occurrence of {@code corpus}: ascending frequency, then occurrence value. */
  private void rerank(List<int[]> corpus) {
    Map<Long, Integer> frequency = new HashMap<>();
    for (int[] t : corpus) {
      for (long e : occurrences(t)) {
        frequency.merge(e, 1, Integer::sum);
      }
    }
    Long[] byRarity = frequency.keySet().toArray(new Long[0]);
    Arrays.sort(byRarity, (x, y) -> {
      int c = Integer.compare(frequency.get(x), frequency.get(y));
      return c != 0 ? c : Long.compare(x, y);
    });
    rank = new HashMap<>(byRarity.length * 2);
    for (int i = 0; i < byRarity.length; i++) {
      rank.put(byRarity[i], i);
    }
    nextNewRank = -1;
  }

  /** The first {@code prefixLength} ranks (at the floor) of the record's occurrences, ascending. */
  private int[] prefix(int[] recordTokens) {
    int[] ranks = sortedRanks(recordTokens);
    return Arrays.copyOf(ranks, Math.min(ranks.length, PrefixFilter.prefixLength(ranks.length, floor)));
  }

  /** The ranks of the record's occurrences, ascending (new occurrences get new ranks). */
  private int[] sortedRanks(int[] recordTokens) {
    long[] occ = occurrences(recordTokens);
    int[] ranks = new int[occ.length];
    for (int i = 0; i < occ.length; i++) {
      Integer r = rank.get(occ[i]);
      if (r == null) {
        r = nextNewRank--;
        rank.put(occ[i], r);
      }
      ranks[i] = r;
    }
    Arrays.sort(ranks);
    return ranks;
  }

  /** Token occurrences {@code token << 32 | k} (k-th occurrence, from 0), in token order. */
  static long[] occurrences(int[] recordTokens) {
    int[] sorted = recordTokens.clone();
    Arrays.sort(sorted);
    long[] out = new long[sorted.length];
    int k = 0;
    for (int i = 0; i < sorted.length; i++) {
      k = i > 0 && sorted[i] == sorted[i - 1] ? k + 1 : 0;
      out[i] = ((long) sorted[i] << 32) | k;
    }
    return out;
  }

  /** A growable int list (posting lists hold record indexes without boxing). */
  private static final class IntList {
    int[] items = new int[4];
    int size;

    void add(int v) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = v;
    }
  }
}
