package org.instructsynth.pipeline.dedup;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.instructsynth.core.dedup.DedupSettings;
import org.instructsynth.core.dedup.PrefixFilter;
import org.instructsynth.core.text.Lcs;
import org.instructsynth.core.text.RougeL;
import org.instructsynth.core.text.Tokenizer;
import scala.Tuple2;

/**
 * Exact, distributed ROUGE-L near-duplicate removal with Self-Instruct's sequential rule
 * (DESIGN.md section 5); the result equals {@link
 * org.instructsynth.core.dedup.SequentialDedup#bruteForce} over the records in {@code ord} order.
 *
 * <p><b>Input</b> columns: {@code id} string (unique), {@code ord} long (unique global processing
 * order; reference rows have the smallest ords), {@code text} string, {@code is_reference}
 * boolean. <b>Output</b>: one row per non-reference input row with {@link #RESULT_SCHEMA}:
 *
 * <ul>
 *   <li>{@code kept}: false iff an earlier kept record (reference or not) has F > threshold;
 *   <li>{@code dup_of}, {@code dup_score}: for a dropped row, the earlier kept record with the
 *       highest F (ties: smallest ord) and that F; null for kept rows;
 *   <li>{@code rouge_l_max}, {@code nearest_id}: the highest F against earlier kept records and
 *       that record (ties: smallest ord) when F {@code >=} {@link DedupSettings#similarityFloor},
 *       else null; for dropped rows they equal {@code dup_score}/{@code dup_of};
 *   <li>{@code cluster_id}: the split's group key: a kept row's own id, a dropped row's {@code
 *       dup_of} (which is kept, so it is its own cluster).
 * </ul>
 *
 * <p>F is {@link RougeL#fmeasure(int, int, int)}, rouge_score's doubles. Texts without tokens
 * score 0 against everything, so they are always kept with null similarity.
 *
 * <p><b>Algorithm.</b> (1) Tokenise; identical token sequences collapse into one group (so k
 * copies cost one candidate, not k^2 pairs). (2) Token occurrences (token, k-th occurrence) are
 * ranked globally, rarest first (ties by token, then k), and each group indexes its first {@link
 * PrefixFilter#prefixLength} occurrences at the similarity floor. (3) Groups sharing a prefix rank
 * are verified pairwise with the bit-parallel {@link Lcs}, each pair only under the smallest rank
 * in both the shorter side's {@link PrefixFilter#shortPrefixLength short prefix} and the longer
 * side's prefix; ranks shared by more than {@code maxGroupSize} groups are split into blocks and
 * verified block pair by block pair, so no task holds more than 2 * maxGroupSize groups. {@code
 * brute-force} puts every group under one rank. (4) Connected components of the pairs with F >
 * threshold (label propagation with pointer jumping). (5) Each component is resolved sequentially
 * in ord order inside one task. (6) Best earlier kept neighbour per row from the verified pairs
 * with F >= floor. The driver only collects the list of oversized ranks (at most total prefix
 * entries / maxGroupSize of them).
 */
public final class RougeDedup {
  public static final String ID = "id";
  public static final String ORD = "ord";
  public static final String TEXT = "text";
  public static final String IS_REFERENCE = "is_reference";

  public static final StructType RESULT_SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType, false)
          .add("kept", DataTypes.BooleanType, false)
          .add("dup_of", DataTypes.StringType, true)
          .add("dup_score", DataTypes.DoubleType, true)
          .add("rouge_l_max", DataTypes.DoubleType, true)
          .add("nearest_id", DataTypes.StringType, true)
          .add("cluster_id", DataTypes.StringType, false);

  private static final StructType TOKENIZED_SCHEMA =
      new StructType()
          .add(ID, DataTypes.StringType, false)
          .add(ORD, DataTypes.LongType, false)
          .add(IS_REFERENCE, DataTypes.BooleanType, false)
          .add("tokens", DataTypes.createArrayType(DataTypes.StringType, false), false);

  private static final StructType OCCURRENCE_SCHEMA =
      new StructType()
          .add("gord", DataTypes.LongType, false)
          .add("pos", DataTypes.IntegerType, false)
          .add("token", DataTypes.StringType, false)
          .add("k", DataTypes.IntegerType, false);

  private static final StructType RANK_SCHEMA =
      new StructType()
          .add("token", DataTypes.StringType, false)
          .add("k", DataTypes.IntegerType, false)
          .add("rank", DataTypes.LongType, false);

  private static final StructType ENTRY_SCHEMA =
      new StructType()
          .add("gord", DataTypes.LongType, false)
          .add("tids", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
          .add("prefix", DataTypes.createArrayType(DataTypes.LongType, false), false)
          .add("short_length", DataTypes.IntegerType, false);

  private static final StructType EDGE_SCHEMA =
      new StructType()
          .add("a", DataTypes.LongType, false)
          .add("b", DataTypes.LongType, false)
          .add("f", DataTypes.DoubleType, false);

  private static final StructType DECISION_SCHEMA =
      new StructType()
          .add(ID, DataTypes.StringType, false)
          .add(ORD, DataTypes.LongType, false)
          .add("gord", DataTypes.LongType, false)
          .add(IS_REFERENCE, DataTypes.BooleanType, false)
          .add("kept", DataTypes.BooleanType, false);

  private RougeDedup() {}

  /** Runs the stage; see the class comment for the input and output contracts. */
  public static Dataset<Row> run(SparkSession spark, Dataset<Row> records, DedupSettings settings) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int partitions = Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions"));
    List<Dataset<Row>> cached = new ArrayList<>();

    Dataset<Row> tokenized =
        persist(
            spark.createDataFrame(
                records
                    .select(col(ID), col(ORD).cast("long"), col(TEXT), col(IS_REFERENCE))
                    .javaRDD()
                    .mapPartitions(new TokenizeRows(settings.tokenizer(), settings.useStemmer())),
                TOKENIZED_SCHEMA),
            cached);

    Dataset<Row> empties =
        tokenized
            .filter(size(col("tokens")).equalTo(0).and(col(IS_REFERENCE).equalTo(false)))
            .select(
                col(ID),
                lit(true).as("kept"),
                lit(null).cast("string").as("dup_of"),
                lit(null).cast("double").as("dup_score"),
                lit(null).cast("double").as("rouge_l_max"),
                lit(null).cast("string").as("nearest_id"),
                col(ID).as("cluster_id"));

    // (1) Identical token sequences form one group, keyed by its smallest ord.
    Dataset<Row> groups =
        persist(
            tokenized
                .filter(size(col("tokens")).gt(0))
                .groupBy(col("tokens"))
                .agg(
                    min(col(ORD)).as("gord"),
                    collect_list(struct(col(ORD), col(ID), col(IS_REFERENCE))).as("members")),
            cached);
    Dataset<Row> instances =
        groups
            .select(col("gord"), explode(col("members")).as("m"))
            .select(
                col("m.id").as(ID),
                col("m.ord").as(ORD),
                col("gord"),
                col("m.is_reference").as(IS_REFERENCE));

    // (2) Global rank of token occurrences, rarest first; token id = rank of its first occurrence.
    Dataset<Row> occurrences =
        persist(
            spark.createDataFrame(
                groups.select(col("gord"), col("tokens")).javaRDD().flatMap(new Occurrences()),
                OCCURRENCE_SCHEMA),
            cached);
    JavaRDD<Row> rankedRdd =
        occurrences
            .groupBy(col("token"), col("k"))
            .count()
            .orderBy(col("count"), col("token"), col("k"))
            .javaRDD()
            .zipWithIndex()
            .map(new RankRow());
    Dataset<Row> ranks = persist(spark.createDataFrame(rankedRdd, RANK_SCHEMA), cached);
    Dataset<Row> tokenIds =
        ranks.filter(col("k").equalTo(0)).select(col("token"), col("rank").as("tid"));
    boolean bruteForce = DedupSettings.BRUTE_FORCE.equals(settings.method());
    Dataset<Row> entries =
        persist(
            spark.createDataFrame(
                occurrences
                    .join(ranks, new String[] {"token", "k"})
                    .join(tokenIds, "token")
                    .groupBy(col("gord"))
                    .agg(collect_list(struct(col("pos"), col("tid"), col("rank"))).as("occ"))
                    .javaRDD()
                    .map(new BuildEntry(settings.similarityFloor(), bruteForce)),
                ENTRY_SCHEMA),
            cached);

    // (3) Candidate groups per prefix rank, oversized ranks split into blocks; exact verification.
    HashMap<Long, Integer> blocks = new HashMap<>();
    for (Row r :
        entries
            .select(explode(col("prefix")).as("r"))
            .groupBy(col("r"))
            .count()
            .filter(col("count").gt(settings.maxGroupSize()))
            .collectAsList()) {
      blocks.put(r.getLong(0), (int) ((r.getLong(1) + settings.maxGroupSize() - 1)
          / settings.maxGroupSize()));
    }
    Broadcast<HashMap<Long, Integer>> blocksBroadcast = jsc.broadcast(blocks);
    JavaPairRDD<BlockKey, PrefixEntry> keyed =
        entries.javaRDD().flatMapToPair(new EmitBlocks(blocksBroadcast));
    Dataset<Row> edges =
        persist(
            spark.createDataFrame(
                keyed
                    .groupByKey(partitions)
                    .flatMap(new VerifyGroup(settings.similarityFloor(), bruteForce)),
                EDGE_SCHEMA),
            cached);

    // (4) Connected components of the duplicate graph (F > threshold).
    Dataset<Row> strong =
        persist(edges.filter(col("f").gt(settings.threshold())).select("a", "b"), cached);
    Dataset<Row> labels = components(strong, settings.maxComponentIterations(), cached);

    // (5) Sequential resolution per component, in ord order.
    Dataset<Row> byComponent =
        instances
            .join(labels, instances.col("gord").equalTo(labels.col("node")), "left")
            .select(
                coalesce(col("label"), col("gord")).as("comp"),
                struct(col(ORD), col(ID), col(IS_REFERENCE), col("gord")).as("inst"))
            .groupBy(col("comp"))
            .agg(collect_list(col("inst")).as("insts"));
    Dataset<Row> componentEdges =
        strong
            .join(labels, strong.col("a").equalTo(labels.col("node")))
            .groupBy(col("label").as("comp"))
            .agg(collect_list(struct(col("a"), col("b"))).as("edges"));
    Dataset<Row> decisions =
        persist(
            spark.createDataFrame(
                byComponent
                    .join(componentEdges, new String[] {"comp"}, "left")
                    .select("insts", "edges")
                    .javaRDD()
                    .flatMap(new ResolveComponent()),
                DECISION_SCHEMA),
            cached);

    // (6) Best earlier kept record per row, from pairs with F >= floor and identical copies.
    Dataset<Row> firstKept =
        decisions
            .filter(col("kept"))
            .groupBy(col("gord").as("kg"))
            .agg(min(struct(col(ORD), col(ID))).as("fk"))
            .select(col("kg"), col("fk.ord").as("k_ord"), col("fk.id").as("k_id"));
    Dataset<Row> bothWays =
        edges
            .select(col("a").as("x"), col("b").as("y"), col("f"))
            .union(edges.select(col("b").as("x"), col("a").as("y"), col("f")));
    Dataset<Row> rows = decisions.select(col(ID), col(ORD), col("gord"));
    Dataset<Row> viaEdges =
        rows.join(bothWays, rows.col("gord").equalTo(bothWays.col("x")))
            .join(firstKept, col("y").equalTo(firstKept.col("kg")))
            .filter(col("k_ord").lt(col(ORD)))
            .select(col(ID), col("f"), col("k_ord"), col("k_id"));
    Dataset<Row> viaCopies =
        rows.join(firstKept, rows.col("gord").equalTo(firstKept.col("kg")))
            .filter(col("k_ord").lt(col(ORD)))
            .select(col(ID), lit(1.0).as("f"), col("k_ord"), col("k_id"));
    Dataset<Row> best =
        viaEdges
            .union(viaCopies)
            .groupBy(col(ID).as("best_id"))
            .agg(max(struct(col("f"), col("k_ord").multiply(-1).as("neg_ord"), col("k_id")))
                .as("best"));
    Dataset<Row> resolved =
        decisions
            .filter(col(IS_REFERENCE).equalTo(false))
            .join(best, decisions.col(ID).equalTo(best.col("best_id")), "left")
            .select(col(ID), col("kept"), col("best.f").as("f"), col("best.k_id").as("k_id"));
    Dataset<Row> nonEmpty =
        spark.createDataFrame(
            resolved.javaRDD().map(new ResultRow(settings.threshold())), RESULT_SCHEMA);

    Dataset<Row> result = nonEmpty.union(empties).localCheckpoint();
    for (Dataset<Row> d : cached) {
      d.unpersist();
    }
    blocksBroadcast.destroy();
    return result;
  }

  private static Dataset<Row> persist(Dataset<Row> d, List<Dataset<Row>> cached) {
    d.persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(d);
    return d;
  }

  /**
   * Min-label propagation with pointer jumping over an undirected edge list (a, b); returns (node,
   * label) for every node, label = the smallest node of its component.
   */
  private static Dataset<Row> components(
      Dataset<Row> strong, int maxIterations, List<Dataset<Row>> cached) {
    Dataset<Row> both =
        persist(
            strong
                .select(col("a").as("src"), col("b").as("dst"))
                .union(strong.select(col("b").as("src"), col("a").as("dst"))),
            cached);
    Dataset<Row> labels =
        both.groupBy(col("src").as("node"))
            .agg(min(col("dst")).as("m"))
            .select(col("node"), least(col("node"), col("m")).as("label"))
            .localCheckpoint();
    for (int iteration = 1; ; iteration++) {
      Dataset<Row> l = labels.select(col("node").as("n1"), col("label").as("l1"));
      Dataset<Row> hop =
          both.join(l, both.col("src").equalTo(l.col("n1")))
              .groupBy(col("dst").as("n2"))
              .agg(min(col("l1")).as("m"));
      Dataset<Row> step =
          labels
              .join(hop, labels.col("node").equalTo(hop.col("n2")), "left")
              .select(
                  col("node"),
                  col("label").as("old"),
                  least(col("label"), coalesce(col("m"), col("label"))).as("mid"));
      Dataset<Row> jump = labels.select(col("node").as("n3"), col("label").as("l3"));
      Dataset<Row> next =
          step.join(jump, step.col("mid").equalTo(jump.col("n3")), "left")
              .select(
                  col("node"),
                  col("old"),
                  least(col("mid"), coalesce(col("l3"), col("mid"))).as("label"))
              .localCheckpoint();
      long changed = next.filter(col("label").notEqual(col("old"))).count();
      labels = next.select("node", "label");
      if (changed == 0) {
        return labels;
      }
      if (iteration >= maxIterations) {
        throw new IllegalStateException(
            String.format(
                Locale.ROOT,
                "Dedup connected components did not converge in %d rounds (%d labels still"
                    + " changing); raise dedup.max-component-iterations",
                maxIterations,
                changed));
      }
    }
  }

  /** Tokenises {@code (id, ord, text, is_reference)} rows with the configured tokenizer. */
  static final class TokenizeRows implements FlatMapFunction<Iterator<Row>, Row> {
    private final String tokenizer;
    private final boolean useStemmer;

    TokenizeRows(String tokenizer, boolean useStemmer) {
      this.tokenizer = tokenizer;
      this.useStemmer = useStemmer;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      Tokenizer t = Tokenizer.byName(tokenizer, useStemmer);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          Row r = rows.next();
          if (r.isNullAt(0) || r.isNullAt(1) || r.isNullAt(3)) {
            throw new IllegalArgumentException(
                "Dedup input needs non-null id, ord and is_reference, got " + r);
          }
          String text = r.isNullAt(2) ? "" : r.getString(2);
          return RowFactory.create(
              r.getString(0), r.getLong(1), r.getBoolean(3), t.tokenize(text).toArray(new String[0]));
        }
      };
    }
  }

  /** (gord, tokens) to one (gord, pos, token, k) row per token occurrence. */
  static final class Occurrences implements FlatMapFunction<Row, Row> {
    @Override
    public Iterator<Row> call(Row r) {
      long gord = r.getLong(0);
      List<String> tokens = r.getList(1);
      Map<String, Integer> seen = new HashMap<>();
      List<Row> out = new ArrayList<>(tokens.size());
      for (int i = 0; i < tokens.size(); i++) {
        int k = seen.merge(tokens.get(i), 1, Integer::sum) - 1;
        out.add(RowFactory.create(gord, i, tokens.get(i), k));
      }
      return out.iterator();
    }
  }

  /** ((token, k, count), index) to (token, k, rank). */
  static final class RankRow implements Function<Tuple2<Row, Long>, Row> {
    @Override
    public Row call(Tuple2<Row, Long> t) {
      return RowFactory.create(t._1().getString(0), t._1().getInt(1), t._2());
    }
  }

  /**
   * (gord, [(pos, tid, rank)]) to (gord, token ids in text order, prefix ranks ascending, length of
   * the short prefix it has when it is the shorter side of a pair).
   */
  static final class BuildEntry implements Function<Row, Row> {
    private final double floor;
    private final boolean bruteForce;

    BuildEntry(double floor, boolean bruteForce) {
      this.floor = floor;
      this.bruteForce = bruteForce;
    }

    @Override
    public Row call(Row r) {
      List<Row> occ = r.getList(1);
      int n = occ.size();
      Integer[] tids = new Integer[n];
      long[] ranks = new long[n];
      for (int i = 0; i < n; i++) {
        Row o = occ.get(i);
        tids[o.getInt(0)] = (int) o.getLong(1);
        ranks[i] = o.getLong(2);
      }
      List<Long> prefix = new ArrayList<>();
      int shortLength = 1;
      if (bruteForce) {
        prefix.add(0L);
      } else {
        shortLength = PrefixFilter.shortPrefixLength(n, floor);
        Arrays.sort(ranks);
        int p = PrefixFilter.prefixLength(n, floor);
        for (int i = 0; i < p; i++) {
          prefix.add(ranks[i]);
        }
      }
      return RowFactory.create(r.getLong(0), tids, prefix.toArray(new Long[0]), shortLength);
    }
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

  /**
   * Verifies the pairs of one candidate group. A pair is scored only under the smallest rank shared
   * by the short prefix of its shorter side and the prefix of its longer side (so once overall; see
   * {@link PrefixFilter#shortPrefixLength}), and emitted as (earlier gord, later gord, F) when F >=
   * floor.
   */
  static final class VerifyGroup
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

  /**
   * Resolves one component: instances in ord order; a reference is kept; any other instance is
   * dropped iff its own group (an identical copy, F = 1) or a group joined to it by an edge with F
   * > threshold already has a kept instance.
   */
  static final class ResolveComponent implements FlatMapFunction<Row, Row> {
    @Override
    public Iterator<Row> call(Row r) {
      List<Row> insts = new ArrayList<>(r.getList(0));
      insts.sort(Comparator.comparingLong(i -> i.getLong(0)));
      Map<Long, List<Long>> adjacency = new HashMap<>();
      if (!r.isNullAt(1)) {
        List<Row> edges = r.getList(1);
        for (Row e : edges) {
          adjacency.computeIfAbsent(e.getLong(0), k -> new ArrayList<>()).add(e.getLong(1));
          adjacency.computeIfAbsent(e.getLong(1), k -> new ArrayList<>()).add(e.getLong(0));
        }
      }
      Set<Long> groupsWithKept = new HashSet<>();
      List<Row> out = new ArrayList<>(insts.size());
      for (Row i : insts) {
        long ord = i.getLong(0);
        String id = i.getString(1);
        boolean reference = i.getBoolean(2);
        long gord = i.getLong(3);
        boolean kept = reference || !groupsWithKept.contains(gord);
        if (kept && !reference) {
          for (long neighbour : adjacency.getOrDefault(gord, List.of())) {
            if (groupsWithKept.contains(neighbour)) {
              kept = false;
              break;
            }
          }
        }
        if (kept) {
          groupsWithKept.add(gord);
        }
        out.add(RowFactory.create(id, ord, gord, reference, kept));
      }
      return out.iterator();
    }
  }

  /** (id, kept, best f, best id) to a {@link #RESULT_SCHEMA} row; checks dropped rows' scores. */
  static final class ResultRow implements Function<Row, Row> {
    private final double threshold;

    ResultRow(double threshold) {
      this.threshold = threshold;
    }

    @Override
    public Row call(Row r) {
      String id = r.getString(0);
      boolean kept = r.getBoolean(1);
      Double f = r.isNullAt(2) ? null : r.getDouble(2);
      String nearest = r.isNullAt(3) ? null : r.getString(3);
      if (kept) {
        return RowFactory.create(id, true, null, null, f, nearest, id);
      }
      if (f == null || !(f > threshold)) {
        throw new IllegalStateException(
            String.format(
                Locale.ROOT,
                "Dedup invariant broken: row %s dropped but its best earlier kept match is %s"
                    + " with F=%s (threshold %s)",
                id,
                nearest,
                f,
                threshold));
      }
      return RowFactory.create(id, false, nearest, f, f, nearest, nearest);
    }
  }
}
