package org.instructsynth.pipeline.stage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.DriverRows;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.Stage;

/**
 * A stage whose decisions are sequential by method against state the driver keeps across rounds
 * (Self-Instruct's ROUGE-L index of the pool, SELF-GUIDE's per-task input pools): it collects one
 * round's rows (a round is small: its prompts' answers), decides them in {@link Columns#ORD} order
 * on the driver and hands the annotated rows back as a frame. Never use it for rows that grow with
 * the input.
 */
public final class SequentialStage implements Stage {
  /** Decides a round's rows in order; returns them {@link Columns#ANNOTATED} (reason null = kept). */
  @FunctionalInterface
  public interface Decider {
    List<Row> decide(List<Row> rowsInOrder);
  }

  private final String name;
  private final Decider decider;
  private Counts counts;

  public SequentialStage(String name, Decider decider) {
    this.name = name;
    this.decider = decider;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> in, RunContext ctx) {
    List<Row> rows = new ArrayList<>(in.collectAsList()); // one Spark job: a round is sorted on the driver
    rows.sort(Comparator.comparingLong(r -> r.<Long>getAs(Columns.ORD)));
    List<Row> decided = decider.decide(rows);
    counts = Counts.of(decided, Columns.ANNOTATED);
    return DriverRows.frame(ctx.spark(), decided, Columns.ANNOTATED);
  }

  @Override
  public Counts knownCounts() {
    return counts;
  }
}
