package org.instructsynth.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.instructsynth.config.ConfigLoader;
import org.instructsynth.pipeline.stage.SequentialStage;
import org.instructsynth.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/** A recipe's rounds as stage lists: one funnel line per stage over all rounds, every round's drops in rejects. */
class StageRunnerRoundsTest {

  /** Drops rows whose {@code _ord} is odd. */
  static final class DropOdd implements Stage, MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
      return "check";
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> in, RunContext ctx) {
      return in.map(this, Encoders.row(Columns.ANNOTATED));
    }

    @Override
    public Row call(Row row) {
      WorkRow w = WorkRow.from(row);
      return (row.<Long>getAs(Columns.ORD) % 2 == 1 ? w.drop("odd", "ord " + row.getAs(Columns.ORD)) : w).toRow();
    }
  }

  private static Dataset<Row> frame(SparkSession spark, long... ords) {
    List<Row> rows = new ArrayList<>();
    for (long ord : ords) {
      rows.add(new WorkRow().set("instruction", "row " + ord).set(Columns.ORD, ord).toRow());
    }
    return DriverRows.frame(spark, rows, Columns.ANNOTATED).select(Columns.all(Columns.WORK));
  }

  @Test
  void aStageOfEveryRoundHasOneFunnelLineWithTheRoundsTotalsAndEveryRoundsDrops() {
    SparkSession spark = SparkTestSession.get();
    RunContext ctx = new RunContext(spark, ConfigLoader.load(Path.of("conf/self-instruct.yaml"), List.of()), "run-rounds",
        "2026-01-01");
    List<List<Long>> seen = new ArrayList<>();
    SequentialStage inOrder = new SequentialStage("sequential", rows -> {
      seen.add(rows.stream().map(r -> r.<Long>getAs(Columns.ORD)).toList());
      List<Row> out = new ArrayList<>();
      for (Row r : rows) { // keeps the first row of the round only, as a pool would
        WorkRow w = WorkRow.from(r);
        out.add((out.isEmpty() ? w : w.drop("later", "not first")).toRow());
      }
      return out;
    });
    try (StageRunner runner = new StageRunner(ctx)) {
      runner.round(1);
      Dataset<Row> kept = runner.run(new DropOdd(), frame(spark, 8, 1, 2, 3, 4), 5);
      assertThat(runner.lastRowsOut()).isEqualTo(3);
      assertThat(runner.lastEmitted()).isEqualTo(5);
      runner.run(inOrder, kept);
      runner.round(2);
      kept = runner.run(new DropOdd(), frame(spark, 11, 10), 2);
      runner.run(inOrder, kept);
      runner.round(0);

      assertThat(seen).containsExactly(List.of(2L, 4L, 8L), List.of(10L));
      List<StageStats> stats = runner.stats();
      assertThat(stats).extracting(StageStats::stage).containsExactly("check", "sequential");
      assertThat(stats.get(0).rowsIn()).isEqualTo(7);
      assertThat(stats.get(0).rowsOut()).isEqualTo(4);
      assertThat(stats.get(1).rowsIn()).isEqualTo(4);
      assertThat(stats.get(1).rowsOut()).isEqualTo(2);
      List<String> rejects = new ArrayList<>();
      runner.rejects().collectAsList().forEach(r -> rejects.add(r.getAs("stage") + " " + r.getAs("reason") + " " + r.getAs("instruction")));
      assertThat(rejects).containsExactlyInAnyOrder("check odd row 1", "check odd row 3", "check odd row 11",
          "sequential later row 4", "sequential later row 8");
    }
  }
}
