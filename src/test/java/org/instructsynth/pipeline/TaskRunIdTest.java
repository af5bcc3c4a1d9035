package org.instructsynth.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.SparkContext;
import org.instructsynth.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Spark copies the driver thread's local property mdc.run_id into the MDC of the tasks it runs (task-side log lines). */
class TaskRunIdTest {

  @Test
  void tasksOfTheRunSeeItsRunIdInTheirMdc() {
    SparkContext sc = SparkTestSession.get().sparkContext();
    sc.setLocalProperty("mdc.run_id", "20261121T021500Z-curate-1a2b");
    try {
      List<String> seen = SparkTestSession.get().range(0, 4, 1, 2).toJavaRDD()
          .map(x -> String.valueOf(MDC.get("mdc.run_id"))).distinct().collect();
      assertThat(seen).containsExactly("20261121T021500Z-curate-1a2b");
    } finally {
      sc.setLocalProperty("mdc.run_id", null);
    }
  }
}
