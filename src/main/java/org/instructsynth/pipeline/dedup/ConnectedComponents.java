package org.instructsynth.pipeline.dedup;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.min;

import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.core.UserError;

/**
 * Connected components of an undirected edge list, for phase 3 of {@link RougeDedup}: min-label
 * propagation with pointer jumping.
 */
final class ConnectedComponents {
  private ConnectedComponents() {}

  /**
   * (node, label) for every node of the edges {@code (a, b)}, label = the smallest node of its
   * component; fails naming {@code dedup.max-component-iterations} after {@code maxIterations}
   * rounds without convergence.
   */
  static Dataset<Row> labels(Dataset<Row> edges, int maxIterations, StageCache cache) {
    Dataset<Row> both =
        cache.persist(
            edges
                .select(col("a").as("src"), col("b").as("dst"))
                .union(edges.select(col("b").as("src"), col("a").as("dst"))));
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
        throw UserError.of(UserError.Kind.RUN,
            String.format(Locale.ROOT, "near-duplicate dedup did not converge in %d rounds (%d labels still changing)",
                maxIterations, changed),
            "the groups of similar rows are found by label propagation, and chains of similar rows longer than"
                + " about 2^rounds need more rounds",
            "raise dedup.max-component-iterations (default 200) and run again");
      }
    }
  }
}
