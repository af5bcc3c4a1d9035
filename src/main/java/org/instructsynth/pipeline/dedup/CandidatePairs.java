package org.instructsynth.pipeline.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.core.dedup.DedupSettings;
import org.instructsynth.core.dedup.PrefixFilter;
import scala.Tuple2;

/**
 * Phase 2 of {@link RougeDedup}, the candidate pairs: groups sharing a prefix rank are verified
 * pairwise ({@link VerifyGroup}); ranks shared by more than {@code maxGroupSize} groups are split
 * into blocks and verified block pair by block pair, so no task holds more than 2 * maxGroupSize
 * groups. The driver only collects the list of oversized ranks (at most total prefix entries /
 * maxGroupSize of them).
 */
final class CandidatePairs {
  /** Verified pairs with F at least the similarity floor: (earlier gord, later gord, F). */
  static final StructType EDGE_SCHEMA =
      new StructType()
          .add("a", DataTypes.LongType, false)
          .add("b", DataTypes.LongType, false)
          .add("f", DataTypes.DoubleType, false);

  private CandidatePairs() {}

  /** The verified pairs of {@code plan}'s groups, in {@link #EDGE_SCHEMA}. */
  static Dataset<Row> verify(
      SparkSession spark, DedupPlan plan, DedupSettings settings, StageCache cache) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int partitions = Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions"));
    boolean bruteForce = DedupSettings.BRUTE_FORCE.equals(settings.method());
    HashMap<Long, Integer> blocks = new HashMap<>();
    for (Row r :
        plan.entries()
            .select(explode(col("prefix")).as("r"))
            .groupBy(col("r"))
            .count()
            .filter(col("count").gt(settings.maxGroupSize()))
            .collectAsList()) {
      blocks.put(r.getLong(0), (int) ((r.getLong(1) + settings.maxGroupSize() - 1)
          / settings.maxGroupSize()));
    }
    Broadcast<HashMap<Long, Integer>> blocksBroadcast = cache.broadcast(jsc, blocks);
    JavaPairRDD<BlockKey, PrefixEntry> keyed =
        plan.entries().javaRDD().flatMapToPair(new EmitBlocks(blocksBroadcast));
    return cache.persist(
        spark.createDataFrame(
            keyed
                .groupByKey(partitions)
                .flatMap(new VerifyGroup(settings.similarityFloor(), bruteForce)),
            EDGE_SCHEMA));
  }

  /** Verification group key: prefix rank and the pair of blocks (bi <= bj). */
  record BlockKey(long rank, int bi, int bj) implements Serializable {}

  /** One token-sequence group as verification sees it. */
  record PrefixEntry(long gord, int[] tids, long[] prefix, int shortLength, int block)
      implements Serializable {
    boolean inShortPrefix(long rank) {
      return Arrays.binarySearch(prefix, 0, shortLength, rank) >= 0;
    }
  }

  /** Emits each entry under each prefix rank; for oversized ranks, once per block pair. */
  static final class EmitBlocks implements PairFlatMapFunction<Row, BlockKey, PrefixEntry> {
    private final Broadcast<HashMap<Long, Integer>> blocks;

    EmitBlocks(Broadcast<HashMap<Long, Integer>> blocks) {
      this.blocks = blocks;
    }

    @Override
    public Iterator<Tuple2<BlockKey, PrefixEntry>> call(Row r) {
      long gord = r.getLong(0);
      List<Integer> tidList = r.getList(1);
      List<Long> prefixList = r.getList(2);
      int[] tids = tidList.stream().mapToInt(Integer::intValue).toArray();
      long[] prefix = prefixList.stream().mapToLong(Long::longValue).toArray();
      int shortLength = r.getInt(3);
      Map<Long, Integer> big = blocks.value();
      List<Tuple2<BlockKey, PrefixEntry>> out = new ArrayList<>();
      for (long rank : prefix) {
        int nb = big.getOrDefault(rank, 1);
        if (nb == 1) {
          out.add(new Tuple2<>(new BlockKey(rank, 0, 0), new PrefixEntry(gord, tids, prefix, shortLength, 0)));
          continue;
        }
        int b = (int) Math.floorMod(gord * 0x9E3779B97F4A7C15L >>> 17, (long) nb);
        PrefixEntry e = new PrefixEntry(gord, tids, prefix, shortLength, b);
        for (int j = 0; j < nb; j++) {
          out.add(new Tuple2<>(new BlockKey(rank, Math.min(b, j), Math.max(b, j)), e));
        }
      }
      return out.iterator();
    }
  }

}
