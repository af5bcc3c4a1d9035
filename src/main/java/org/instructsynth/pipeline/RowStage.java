package org.instructsynth.pipeline;

import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * A stage that is one function over rows: the rule is the function (serializable, run on the
 * executors), the stage only gives it a name and the {@link Columns#ANNOTATED} encoder, as
 * datatrove's filters and Iceberg's small named functions do. So a rule reads as what it decides, not
 * as a Stage class whose constructor copies its settings into a nested function class.
 */
public final class RowStage implements Stage {
  private final String name;
  private final UnaryOperator<Dataset<Row>> before;
  private final FlatMapFunction<Row, Row> function;

  private RowStage(String name, UnaryOperator<Dataset<Row>> before, FlatMapFunction<Row, Row> function) {
    this.name = name;
    this.before = before;
    this.function = function;
  }

  /** One annotated row out per row in. */
  public static Stage map(String name, MapFunction<Row, Row> function) {
    return new RowStage(name, UnaryOperator.identity(), row -> List.of(function.call(row)).iterator());
  }

  /** Any number of annotated rows out per row in (a task's instances, a group's members). */
  public static Stage flatMap(String name, FlatMapFunction<Row, Row> function) {
    return new RowStage(name, UnaryOperator.identity(), function);
  }

  /**
   * {@link #flatMap(String, FlatMapFunction)} over the frame {@code before} makes of the stage's input
   * (e.g. one row per task holding its rows), built on the driver.
   */
  public static Stage flatMap(String name, UnaryOperator<Dataset<Row>> before, FlatMapFunction<Row, Row> function) {
    return new RowStage(name, before, function);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> in, RunContext ctx) {
    return before.apply(in).flatMap(function, Encoders.row(Columns.ANNOTATED));
  }
}
