package org.instructsynth.pipeline.recipe;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.StageRunner;
import org.instructsynth.pipeline.dedup.Dedup;
import org.instructsynth.pipeline.stage.FilterStage;
import org.instructsynth.pipeline.stage.Templatize;

/**
 * {@code templatize} (FLAN, writing assistance): labelled datasets rendered with instruction templates,
 * capped per dataset, mixed examples-proportionally with a cap, then filtered, deduplicated and split
 * with each source row as the split group (all renderings of a row land on the same side).
 */
public final class TemplatizeRecipe implements Recipe {
  @Override
  public Dataset<Row> run(StageRunner runner, RunContext ctx) {
    var templates = Templatize.loadTemplates(ctx);
    Dataset<Row> rows = runner.run(new Templatize.Load(), null);
    rows = runner.run(new Templatize.Cap(), rows);
    rows = runner.run(new Templatize.Render(templates), rows);
    rows = runner.run(new Templatize.Mix(), rows);
    rows = runner.run(new FilterStage(ctx.config().filters()), rows);
    return Dedup.apply(runner, rows, ctx.config().dedup());
  }
}
