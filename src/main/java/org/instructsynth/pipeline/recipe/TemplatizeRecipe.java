package org.instructsynth.pipeline.recipe;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.StageRunner;
import org.instructsynth.pipeline.dedup.Dedup;
import org.instructsynth.pipeline.stage.FilterStage;
import org.instructsynth.pipeline.stage.Templatize;
import org.instructsynth.pipeline.stage.TemplatizeCap;
import org.instructsynth.pipeline.stage.TemplatizeMix;
import org.instructsynth.pipeline.stage.TemplatizeRender;

/**
 * {@code templatize} (FLAN, writing assistance): labelled datasets capped to their first rows per split,
 * rendered with instruction templates (round-robin by default), mixed at examples-proportional rates
 * with limit K, then filtered, deduplicated (off in conf/templatize.yaml: FLAN applies none) and split
 * with each source row as the split group (all renderings of a row land on the same side); a
 * dataset's own splits are kept.
 */
public final class TemplatizeRecipe implements Recipe {
  @Override
  public Output run(StageRunner runner, RunContext ctx) {
    var templates = Templatize.loadTemplates(ctx);
    Dataset<Row> rows = runner.run(new Templatize.Load(), null);
    rows = runner.run(new TemplatizeCap(), rows);
    rows = runner.run(new TemplatizeRender(templates), rows);
    rows = runner.run(new TemplatizeMix(), rows);
    rows = runner.run(new FilterStage(ctx.config().filters()), rows);
    return Output.of(Dedup.apply(runner, rows, ctx.config().dedup()));
  }
}
