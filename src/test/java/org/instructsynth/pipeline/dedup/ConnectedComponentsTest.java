package org.instructsynth.pipeline.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.instructsynth.core.dedup.DedupSettings;
import org.instructsynth.testing.SparkTestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code dedup.max-component-iterations} bounds the label propagation and is named when it is too low.
 * Extended: about 90 s on the shared 2-core machine under load (several Spark jobs per round); the
 * default suite's fast check that the key reaches {@code DedupSettings} is in
 * {@code config/ConfigValidationTest}.
 */
@Tag("extended")
class ConnectedComponentsTest {

  /** A chain n00 - n01 - ... - n05: one component whose labels need more than one round to settle. */
  private static Dataset<Row> chain(SparkSession spark) {
    List<String> edges = new ArrayList<>();
    for (int i = 5; i > 0; i--) {
      edges.add(String.format("n%02d,n%02d", i - 1, i));
    }
    return spark.createDataset(edges, Encoders.STRING()).selectExpr(
        "split(value, ',')[0] AS a", "split(value, ',')[1] AS b");
  }

  @Test
  void theDefaultConvergesAndTooFewRoundsNameTheKey() {
    SparkSession spark = SparkTestSession.get();
    try (StageCache cache = new StageCache()) {
      int rounds = DedupSettings.defaults().maxComponentIterations();
      List<Row> labels = ConnectedComponents.labels(chain(spark), rounds, cache).collectAsList();
      assertThat(labels).hasSize(6).allSatisfy(r -> assertThat(r.getString(1)).isEqualTo("n00"));
    }
    try (StageCache cache = new StageCache()) {
      assertThatThrownBy(() -> ConnectedComponents.labels(chain(spark), 1, cache).count())
          .isInstanceOf(org.instructsynth.core.UserError.class)
          .hasMessageContaining("did not converge in 1 rounds")
          .hasMessageContaining("raise dedup.max-component-iterations");
    }
  }
}
