package org.instructsynth.pipeline.dedup;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.instructsynth.pipeline.dedup.RougeDedup.ID;
import static org.instructsynth.pipeline.dedup.RougeDedup.IS_REFERENCE;
import static org.instructsynth.pipeline.dedup.RougeDedup.ORD;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.core.dedup.DedupSettings;
import org.instructsynth.core.dedup.SequentialRule;

/**
 * Phase 3 of {@link RougeDedup}, the resolution: the pairs that are duplicates under {@link
 * SequentialRule#duplicate} form a graph; each of its connected components ({@link
 * ConnectedComponents}) is resolved in ord order inside one task with {@link SequentialRule#drops}
 * ({@link ResolveComponent}); then each row gets its best earlier kept record from the verified
 * pairs with F at least the floor and from identical copies.
 */
final class Resolution {
  private static final StructType DECISION_SCHEMA =
      new StructType()
          .add(ID, DataTypes.StringType, false)
          .add(ORD, DataTypes.LongType, false)
          .add("gord", DataTypes.LongType, false)
          .add(IS_REFERENCE, DataTypes.BooleanType, false)
          .add("kept", DataTypes.BooleanType, false);

  private Resolution() {}

  /**
   * The non-reference rows of {@code plan} with tokens, in {@link RougeDedup#RESULT_SCHEMA}, given
   * the verified pairs {@code edges} ({@link CandidatePairs#EDGE_SCHEMA}).
   */
  static Dataset<Row> resolve(
      SparkSession spark, DedupPlan plan, Dataset<Row> edges, DedupSettings settings,
      StageCache cache) {
    SequentialRule rule = settings.rule();
    Dataset<Row> instances = plan.instances();
    // Connected components of the duplicate graph.
    Dataset<Row> strong = cache.persist(edges.filter(new DuplicatePair(rule)));
    Dataset<Row> labels =
        ConnectedComponents.labels(
            strong.select("a", "b"), settings.maxComponentIterations(), cache);

    // Sequential resolution per component, in ord order.
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
            .agg(collect_list(struct(col("a"), col("b"), col("f"))).as("edges"));
    Dataset<Row> decisions =
        cache.persist(
            spark.createDataFrame(
                byComponent
                    .join(componentEdges, new String[] {"comp"}, "left")
                    .select("insts", "edges")
                    .javaRDD()
                    .flatMap(new ResolveComponent(rule)),
                DECISION_SCHEMA));

    // Best earlier kept record per row, from pairs with F >= floor and identical copies.
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
    return spark.createDataFrame(
        resolved.javaRDD().map(new ResultRow(rule)), RougeDedup.RESULT_SCHEMA);
  }

  /** Keeps the verified pairs (a, b, f) that are duplicates under the rule. */
  static final class DuplicatePair implements FilterFunction<Row> {
    private final SequentialRule rule;

    DuplicatePair(SequentialRule rule) {
      this.rule = rule;
    }

    @Override
    public boolean call(Row edge) {
      return rule.duplicate(edge.getDouble(2));
    }
  }

  /**
   * Resolves one component: instances in ord order; each is decided by {@link
   * SequentialRule#drops} from its best F against the groups that already have a kept instance:
   * its own group (an identical copy, F = 1) and the groups joined to it by a duplicate pair.
   */
  static final class ResolveComponent implements FlatMapFunction<Row, Row> {
    private final SequentialRule rule;

    ResolveComponent(SequentialRule rule) {
      this.rule = rule;
    }

    @Override
    public Iterator<Row> call(Row r) {
      List<Row> insts = new ArrayList<>(r.getList(0));
      insts.sort(Comparator.comparingLong(i -> i.getLong(0)));
      Map<Long, Map<Long, Double>> adjacency = new HashMap<>();
      if (!r.isNullAt(1)) {
        List<Row> edges = r.getList(1);
        for (Row e : edges) {
          adjacency.computeIfAbsent(e.getLong(0), k -> new HashMap<>()).put(e.getLong(1), e.getDouble(2));
          adjacency.computeIfAbsent(e.getLong(1), k -> new HashMap<>()).put(e.getLong(0), e.getDouble(2));
        }
      }
      Set<Long> groupsWithKept = new HashSet<>();
      List<Row> out = new ArrayList<>(insts.size());
      for (Row i : insts) {
        long ord = i.getLong(0);
        String id = i.getString(1);
        boolean reference = i.getBoolean(2);
        long gord = i.getLong(3);
        double best = groupsWithKept.contains(gord) ? 1.0 : -1;
        for (Map.Entry<Long, Double> n : adjacency.getOrDefault(gord, Map.of()).entrySet()) {
          if (groupsWithKept.contains(n.getKey())) {
            best = Math.max(best, n.getValue());
          }
        }
        boolean kept = !rule.drops(reference, best);
        if (kept) {
          groupsWithKept.add(gord);
        }
        out.add(RowFactory.create(id, ord, gord, reference, kept));
      }
      return out.iterator();
    }
  }

  /** (id, kept, best f, best id) to a result row; checks dropped rows' scores against the rule. */
  static final class ResultRow implements Function<Row, Row> {
    private final SequentialRule rule;

    ResultRow(SequentialRule rule) {
      this.rule = rule;
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
      if (f == null || !rule.duplicate(f)) {
        throw new IllegalStateException(
            String.format(
                Locale.ROOT,
                "Dedup invariant broken: row %s dropped but its best earlier kept match is %s"
                    + " with F=%s (threshold %s)",
                id,
                nearest,
                f,
                rule.threshold()));
      }
      return RowFactory.create(id, false, nearest, f, f, nearest, nearest);
    }
  }
}
