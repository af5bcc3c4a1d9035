package org.instructsynth.pipeline.recipe;

import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.instructsynth.core.filter.FilterSettings;
import org.instructsynth.core.filter.PreCallFilter;
import org.instructsynth.core.filter.Verdict;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.Stage;
import org.instructsynth.pipeline.WorkRow;

/**
 * The {@code pre-filter} stage of the LLM recipes: {@link PreCallFilter} on a row's instruction and
 * input before any call is made for it. A dropped row gets the filter's reason code and detail (the
 * codes the final {@code filter} stage would have given it), and no request is built for it.
 */
final class PreCall implements Stage {
  static final String STAGE = "pre-filter";

  private final PreCallFilter filter;

  PreCall(FilterSettings settings, boolean inputKnown) {
    this.filter = PreCallFilter.of(settings, inputKnown);
  }

  @Override
  public String name() {
    return STAGE;
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> in, RunContext ctx) {
    return in.map(new Check(filter), Encoders.row(Columns.ANNOTATED));
  }

  /** The filter over one row. */
  static final class Check implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final PreCallFilter filter;

    Check(PreCallFilter filter) {
      this.filter = filter;
    }

    @Override
    public Row call(Row row) {
      Verdict v = filter.apply(row.getAs("instruction"), row.getAs("input"));
      WorkRow w = WorkRow.from(row);
      return (v.kept() ? w : w.drop(v.reason(), v.detail())).toRow();
    }
  }
}
