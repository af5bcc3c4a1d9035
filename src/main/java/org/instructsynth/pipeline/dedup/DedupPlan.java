package org.instructsynth.pipeline.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.instructsynth.pipeline.dedup.RougeDedup.ID;
import static org.instructsynth.pipeline.dedup.RougeDedup.IS_REFERENCE;
import static org.instructsynth.pipeline.dedup.RougeDedup.ORD;
import static org.instructsynth.pipeline.dedup.RougeDedup.TEXT;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.core.dedup.DedupSettings;
import org.instructsynth.core.dedup.PrefixFilter;
import org.instructsynth.core.text.Tokenizer;
import scala.Tuple2;

/**
 * Phase 1 of {@link RougeDedup}, the plan: tokenise, collapse identical token sequences into one
 * group keyed by its smallest ord ({@code gord}), rank token occurrences globally (rarest first) and
 * give each group its prefix of ranks at the similarity floor ({@link PrefixFilter}).
 *
 * @param empties non-reference rows without tokens, already in {@link RougeDedup#RESULT_SCHEMA}:
 *     they score 0 against everything and are always kept
 * @param instances every row with tokens: {@code (id, ord, gord, is_reference)}
 * @param entries one row per group: {@code (gord, token ids in text order, prefix ranks ascending,
 *     short prefix length)}
 */
record DedupPlan(Dataset<Row> empties, Dataset<Row> instances, Dataset<Row> entries) {
  static final StructType ENTRY_SCHEMA =
      new StructType()
          .add("gord", DataTypes.LongType, false)
          .add("tids", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
          .add("prefix", DataTypes.createArrayType(DataTypes.LongType, false), false)
          .add("short_length", DataTypes.IntegerType, false);

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

  /** Plans {@code records} (the {@link RougeDedup} input) for {@code settings}. */
  static DedupPlan build(
      SparkSession spark, Dataset<Row> records, DedupSettings settings, StageCache cache) {
    Dataset<Row> tokenized =
        cache.persist(
            spark.createDataFrame(
                records
                    .select(col(ID), col(ORD).cast("long"), col(TEXT), col(IS_REFERENCE))
                    .javaRDD()
                    .mapPartitions(new TokenizeRows(settings.tokenizer(), settings.useStemmer())),
                TOKENIZED_SCHEMA));

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

    // Identical token sequences form one group, keyed by its smallest ord.
    Dataset<Row> groups =
        cache.persist(
            tokenized
                .filter(size(col("tokens")).gt(0))
                .groupBy(col("tokens"))
                .agg(
                    min(col(ORD)).as("gord"),
                    collect_list(struct(col(ORD), col(ID), col(IS_REFERENCE))).as("members")));
    Dataset<Row> instances =
        groups
            .select(col("gord"), explode(col("members")).as("m"))
            .select(
                col("m.id").as(ID),
                col("m.ord").as(ORD),
                col("gord"),
                col("m.is_reference").as(IS_REFERENCE));

    // Global rank of token occurrences, rarest first; token id = rank of its first occurrence.
    Dataset<Row> occurrences =
        cache.persist(
            spark.createDataFrame(
                groups.select(col("gord"), col("tokens")).javaRDD().flatMap(new Occurrences()),
                OCCURRENCE_SCHEMA));
    JavaRDD<Row> rankedRdd =
        occurrences
            .groupBy(col("token"), col("k"))
            .count()
            .orderBy(col("count"), col("token"), col("k"))
            .javaRDD()
            .zipWithIndex()
            .map(new RankRow());
    Dataset<Row> ranks = cache.persist(spark.createDataFrame(rankedRdd, RANK_SCHEMA));
    Dataset<Row> tokenIds =
        ranks.filter(col("k").equalTo(0)).select(col("token"), col("rank").as("tid"));
    boolean bruteForce = DedupSettings.BRUTE_FORCE.equals(settings.method());
    Dataset<Row> entries =
        cache.persist(
            spark.createDataFrame(
                occurrences
                    .join(ranks, new String[] {"token", "k"})
                    .join(tokenIds, "token")
                    .groupBy(col("gord"))
                    .agg(collect_list(struct(col("pos"), col("tid"), col("rank"))).as("occ"))
                    .javaRDD()
                    .map(new BuildEntry(settings.similarityFloor(), bruteForce)),
                ENTRY_SCHEMA));
    return new DedupPlan(empties, instances, entries);
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
}
