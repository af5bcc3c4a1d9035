package org.instructsynth.pipeline.stage;

import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.instructsynth.core.filter.FilterChain;
import org.instructsynth.core.filter.FilterSettings;
import org.instructsynth.core.filter.Verdict;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.Stage;
import org.instructsynth.pipeline.WorkRow;

/** Applies the heuristic filter chain ({@code filters.*}); a drop carries the first failing rule's reason. */
public final class FilterStage implements Stage {
  private final FilterSettings settings;

  public FilterStage(FilterSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "filter";
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> in, RunContext ctx) {
    return in.map(new ApplyChain(FilterChain.of(settings)), Encoders.row(Columns.ANNOTATED));
  }

  /** The chain over one row: a one-line adapter over {@link FilterChain#apply}. */
  static final class ApplyChain implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final FilterChain chain;

    ApplyChain(FilterChain chain) {
      this.chain = chain;
    }

    @Override
    public Row call(Row row) {
      Verdict v = chain.apply(row.getAs("instruction"), row.getAs("input"), row.getAs("output"));
      WorkRow w = WorkRow.from(row);
      return (v.kept() ? w : w.drop(v.reason(), v.detail())).toRow();
    }
  }
}
