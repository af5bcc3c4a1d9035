package org.instructsynth.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.config.SplitConfig;
import org.instructsynth.core.split.SplitHash;
import org.instructsynth.pipeline.stage.SplitStage;
import org.instructsynth.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class SplitStageTest {
  private static Dataset<Row> rows(int tasks, int groupsPerTask, int rowsPerGroup, String cluster) {
    List<Row> out = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      for (int g = 0; g < groupsPerTask; g++) {
        for (int r = 0; r < rowsPerGroup; r++) {
          out.add(new WorkRow().set("id", "t" + t + "g" + g + "r" + r).set("task_id", "t" + t)
              .set("cluster", t == 0 ? cluster : "c").set(Columns.GROUP, "t" + t + ":g" + g).toRow());
        }
      }
    }
    return Columns.conform(SparkTestSession.get().createDataFrame(out, Columns.ANNOTATED), Columns.WORK);
  }

  @Test
  void groupsNeverStraddleAndBucketsDecide() {
    SplitConfig cfg = new SplitConfig(42, 0.3, 0, List.of());
    List<Row> result = SplitStage.assign(rows(3, 40, 3, "c"), cfg).select(Columns.GROUP, "split").collectAsList();
    Map<String, List<String>> byGroup = result.stream().collect(Collectors.groupingBy(
        r -> r.getString(0), Collectors.mapping(r -> r.getString(1), Collectors.toList())));
    assertThat(byGroup).hasSize(120);
    byGroup.forEach((g, splits) -> {
      assertThat(splits).hasSize(3).containsOnly(splits.get(0));
      String expected = SplitHash.bucket(42, g) < 0.3 ? "eval" : "train";
      assertThat(splits.get(0)).as(g).isEqualTo(expected);
    });
  }

  @Test
  void minEvalPerTaskTakesTheLowestBucketsAndHoldoutGoesToEvalUnseen() {
    SplitConfig cfg = new SplitConfig(42, 0.0, 2, List.of("held"));
    Dataset<Row> out = SplitStage.assign(rows(3, 10, 1, "held"), cfg);
    assertThat(out.where(col("task_id").equalTo("t0")).select("split").distinct().collectAsList())
        .extracting(r -> r.getString(0)).containsExactly("eval_unseen");
    for (String task : List.of("t1", "t2")) {
      List<String> eval = out.where(col("task_id").equalTo(task).and(col("split").equalTo("eval")))
          .select(Columns.GROUP).collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
      List<String> lowest = new ArrayList<>();
      for (int g = 0; g < 10; g++) {
        lowest.add(task + ":g" + g);
      }
      lowest.sort((a, b) -> Double.compare(SplitHash.bucket(42, a), SplitHash.bucket(42, b)));
      assertThat(eval).containsExactlyInAnyOrderElementsOf(lowest.subList(0, 2));
    }
  }

  @Test
  void aTaskWithNoMoreGroupsThanTheMinimumStaysInTrain() {
    SplitConfig cfg = new SplitConfig(42, 0.0, 2, List.of());
    assertThat(SplitStage.assign(rows(1, 2, 1, "c"), cfg).select("split").distinct().collectAsList())
        .extracting(r -> r.getString(0)).containsExactly("train");
  }
}
