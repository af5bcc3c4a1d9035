package org.instructsynth.pipeline.dedup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.instructsynth.core.dedup.PrefixFilter;
import org.instructsynth.core.text.Lcs;
import org.instructsynth.core.text.RougeL;
import org.instructsynth.pipeline.dedup.CandidatePairs.BlockKey;
import org.instructsynth.pipeline.dedup.CandidatePairs.PrefixEntry;
import scala.Tuple2;

/**
 * Verifies the pairs of one candidate group (phase 2 of {@link RougeDedup}, see {@link
 * CandidatePairs}) with the bit-parallel {@link Lcs}. A pair is scored only under the smallest
 * rank shared by the short prefix of its shorter side and the prefix of its longer side (so once
 * overall; see {@link PrefixFilter#shortPrefixLength}), and emitted as (earlier gord, later gord,
 * F) when F >= floor.
 */
final class VerifyGroup
    implements FlatMapFunction<Tuple2<BlockKey, Iterable<PrefixEntry>>, Row> {
  private final double floor;
  private final boolean bruteForce;

  VerifyGroup(double floor, boolean bruteForce) {
    this.floor = floor;
    this.bruteForce = bruteForce;
  }

  @Override
  public Iterator<Row> call(Tuple2<BlockKey, Iterable<PrefixEntry>> group) {
    BlockKey key = group._1();
    List<PrefixEntry> left = new ArrayList<>();
    List<PrefixEntry> right = new ArrayList<>();
    for (PrefixEntry e : group._2()) {
      if (e.block() == key.bi()) {
        left.add(e);
      }
      if (key.bi() != key.bj() && e.block() == key.bj()) {
        right.add(e);
      }
    }
    Comparator<PrefixEntry> byLength =
        Comparator.<PrefixEntry>comparingInt(e -> e.tids().length)
            .thenComparingLong(PrefixEntry::gord);
    left.sort(byLength);
    right.sort(byLength);
    Lcs lcs = new Lcs();
    List<Row> out = new ArrayList<>();
    if (key.bi() == key.bj()) {
      for (int i = 0; i < left.size(); i++) {
        PrefixEntry x = left.get(i);
        if (!x.inShortPrefix(key.rank())) {
          continue; // x is the shorter side of every pair below
        }
        for (int j = i + 1; j < left.size(); j++) {
          PrefixEntry y = left.get(j);
          if (!bruteForce
              && !PrefixFilter.lengthCompatible(x.tids().length, y.tids().length, floor)) {
            break;
          }
          verify(key.rank(), x, y, lcs, out);
        }
      }
    } else {
      crossBlock(key.rank(), left, right, lcs, out);
      crossBlock(key.rank(), right, left, lcs, out);
    }
    return out.iterator();
  }

  /**
   * Pairs across two blocks whose shorter side is in {@code shorterSide} and holds the rank in
   * its short prefix (only those can be verified under this rank).
   */
  private void crossBlock(
      long rank, List<PrefixEntry> shorterSide, List<PrefixEntry> other, Lcs lcs, List<Row> out) {
    for (PrefixEntry x : shorterSide) {
      if (!x.inShortPrefix(rank)) {
        continue;
      }
      for (PrefixEntry y : other) {
        boolean xShorter =
            x.tids().length < y.tids().length
                || (x.tids().length == y.tids().length && x.gord() < y.gord());
        if (xShorter
            && (bruteForce
                || PrefixFilter.lengthCompatible(x.tids().length, y.tids().length, floor))) {
          verify(rank, x, y, lcs, out);
        }
      }
    }
  }

  private void verify(long rank, PrefixEntry x, PrefixEntry y, Lcs lcs, List<Row> out) {
    boolean xShorter =
        x.tids().length < y.tids().length
            || (x.tids().length == y.tids().length && x.gord() < y.gord());
    PrefixEntry shorter = xShorter ? x : y;
    PrefixEntry longer = xShorter ? y : x;
    long positions = firstCommon(shorter.prefix(), shorter.shortLength(), longer.prefix());
    if (positions < 0) {
      return;
    }
    int i = (int) (positions >>> 32);
    int j = (int) positions;
    if (shorter.prefix()[i] != rank) {
      return; // verified under a smaller common rank
    }
    int sl = shorter.tids().length;
    int ll = longer.tids().length;
    if (!bruteForce && !PrefixFilter.overlapCanReach(Math.min(sl - i, ll - j), sl, ll, floor)) {
      return;
    }
    PrefixEntry earlier = x.gord() < y.gord() ? x : y;
    PrefixEntry later = earlier == x ? y : x;
    int l = lcs.length(later.tids(), earlier.tids());
    double f = RougeL.fmeasure(l, later.tids().length, earlier.tids().length);
    if (f >= floor) {
      out.add(RowFactory.create(earlier.gord(), later.gord(), f));
    }
  }

  /**
   * Positions {@code i << 32 | j} of the smallest element common to {@code a[0..aLength)} and
   * {@code b} (both ascending), or -1 when there is none.
   */
  private static long firstCommon(long[] a, int aLength, long[] b) {
    int i = 0;
    int j = 0;
    while (i < aLength && j < b.length) {
      if (a[i] == b[j]) {
        return ((long) i << 32) | j;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return -1;
  }
}
