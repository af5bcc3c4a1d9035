package org.instructsynth.pipeline.stage;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.DriverRows;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.Stage;
import org.instructsynth.pipeline.StageRunner;
import org.instructsynth.pipeline.WorkRow;

/**
 * Replays decisions a driver-side loop already made (the rounds of Self-Instruct, where each round's
 * prompts depend on what earlier rounds kept) as ordinary stages, so the funnel and the rejects table
 * show every stage with its drops, exactly as for a linear recipe.
 *
 * <p>Each row lives from stage {@code first} to stage {@code last} (indexes into the stage names): it
 * appears in those stages, and at {@code last} it carries its drop reason, if any. A row that leaves
 * without a reason was replaced by rows that start at the next stage (a task by its instances).
 */
public final class Replay implements Stage {
  private static final String FIRST = "_replay_first";
  private static final String LAST = "_replay_last";
  private static final StructType SCHEMA =
      Columns.ANNOTATED.add(FIRST, DataTypes.IntegerType, false).add(LAST, DataTypes.IntegerType, false);

  private final String name;
  private final int index;
  private final Dataset<Row> rows;
  private final long loopMs;

  private Replay(String name, int index, Dataset<Row> rows, long loopMs) {
    this.name = name;
    this.index = index;
    this.rows = rows;
    this.loopMs = loopMs;
  }

  @Override
  public String name() {
    return name;
  }

  /** The driver loop's time for this stage ({@link Log#time}). */
  @Override
  public long priorElapsedMs() {
    return loopMs;
  }

  /** Ignores {@code in}: the rows of this stage were decided by the driver loop. */
  @Override
  public Dataset<Row> apply(Dataset<Row> in, RunContext ctx) {
    var here = col(LAST).equalTo(lit(index));
    return rows.where(col(FIRST).leq(lit(index)).and(col(LAST).geq(lit(index))))
        .withColumn(Columns.REASON, when(here, col(Columns.REASON)))
        .withColumn(Columns.DETAIL, when(here, col(Columns.DETAIL)))
        .withColumn(Columns.RAW, when(here, col(Columns.RAW)))
        .select(Columns.all(Columns.ANNOTATED));
  }

  /** Collects rows with their stage range on the driver, then builds the stages. */
  public static final class Log {
    private final List<String> stages;
    private final List<Row> rows = new ArrayList<>();
    private final long[] nanos;

    public Log(List<String> stages) {
      this.stages = List.copyOf(stages);
      this.nanos = new long[stages.size()];
    }

    /** Adds time the driver loop spent on {@code stageName} since {@code startNanos}; returns now. */
    public long time(String stageName, long startNanos) {
      long now = System.nanoTime();
      nanos[stage(stageName)] += now - startNanos;
      return now;
    }

    public int stage(String stageName) {
      int i = stages.indexOf(stageName);
      if (i < 0) {
        throw new IllegalArgumentException("no replay stage '" + stageName + "'; stages are " + stages);
      }
      return i;
    }

    /** A row dropped at {@code dropStage} (its reason set on {@code row}) that entered at {@code firstStage}. */
    public void add(WorkRow row, String firstStage, String lastStage) {
      Row annotated = row.toRow();
      Object[] values = new Object[annotated.size() + 2];
      for (int i = 0; i < annotated.size(); i++) {
        values[i] = annotated.get(i);
      }
      values[annotated.size()] = stage(firstStage);
      values[annotated.size() + 1] = stage(lastStage);
      rows.add(RowFactory.create(values));
    }

    /** A row kept by every stage from {@code firstStage} on. */
    public void keep(WorkRow row, String firstStage) {
      add(row, firstStage, stages.get(stages.size() - 1));
    }

    public int size() {
      return rows.size();
    }

    /**
     * The stages, in order, over one frame of every logged row, distributed ({@link DriverRows})
     * and persisted by {@code runner} until it closes, since every stage reads it.
     */
    public List<Stage> build(StageRunner runner) {
      Dataset<Row> frame = runner.persistUntilClose(DriverRows.frame(runner.spark(), rows, SCHEMA));
      List<Stage> out = new ArrayList<>();
      for (int i = 0; i < stages.size(); i++) {
        out.add(new Replay(stages.get(i), i, frame, nanos[i] / 1_000_000));
      }
      return out;
    }
  }
}
