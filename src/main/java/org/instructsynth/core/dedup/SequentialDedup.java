package org.instructsynth.core.dedup;

import java.util.ArrayList;
import java.util.List;
import org.instructsynth.core.text.Lcs;
import org.instructsynth.core.text.PackedTokens;
import org.instructsynth.core.text.RougeL;

/**
 * Self-Instruct's sequential ROUGE-L filter, exact and in memory.
 *
 * <p>Records are processed in list order (reference records first) under {@link SequentialRule}: a
 * non-reference record is dropped iff some earlier <em>kept</em> record (reference or not) has
 * {@link RougeL} F-measure strictly greater than {@code threshold}, computed with rouge_score's
 * doubles.
 *
 * <p>Also reported per record (see {@link DedupDecision}): the best earlier kept record, exact
 * whenever its F is at least {@code floor} ({@code 0 < floor <= threshold}); below the floor it is
 * reported as null, so candidate generation only has to find pairs with {@code F >= floor}.
 *
 * <p>{@link #bruteForce} compares all pairs; {@link #indexed} uses the prefix filter of
 * {@link PrefixFilter} at the floor over an incremental inverted index of kept records ({@link
 * IncrementalDedup}) and gives the same decisions.
 */
public final class SequentialDedup {
  private SequentialDedup() {}

  /** All-pairs reference implementation. */
  public static List<DedupDecision> bruteForce(
      List<DedupRecord> records, double threshold, double floor) {
    validate(threshold, floor);
    SequentialRule rule = new SequentialRule(threshold);
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
      DedupDecision d = DedupDecision.of(r.id(), r.reference(), best,
          bestIdx < 0 ? null : records.get(bestIdx).id(), rule, floor);
      if (d.kept()) {
        kept.add(i);
      }
      out.add(d);
    }
    return out;
  }

  /**
   * Prefix-filter indexed version ({@link IncrementalDedup}, its order counted over all the
   * records); identical output to {@link #bruteForce}.
   */
  public static List<DedupDecision> indexed(
      List<DedupRecord> records, double threshold, double floor) {
    List<int[]> corpus = new ArrayList<>(records.size());
    for (DedupRecord r : records) {
      corpus.add(r.tokens());
    }
    IncrementalDedup index = new IncrementalDedup(threshold, floor, corpus);
    List<DedupDecision> out = new ArrayList<>(records.size());
    for (DedupRecord r : records) {
      out.add(index.offer(r));
    }
    return out;
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

  static void validate(double threshold, double floor) {
    new SequentialRule(threshold);
    if (!(floor > 0 && floor <= threshold)) {
      throw new IllegalArgumentException(
          "Similarity floor must be in (0, threshold=" + threshold + "], got " + floor);
    }
  }
}
