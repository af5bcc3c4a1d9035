package org.instructsynth.pipeline.recipe;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.config.JobConfig;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.StageRunner;
import org.instructsynth.pipeline.dedup.Dedup;
import org.instructsynth.pipeline.stage.FilterStage;
import org.instructsynth.pipeline.stage.LoadInstructions;
import org.instructsynth.pipeline.stage.LoadSeedTasks;

/**
 * {@code curate}: an existing instruction set through the filters, duplicate removal and the split.
 * Rows are processed in input order (file, then line), so the result equals filtering the file
 * sequentially.
 */
public final class CurateRecipe implements Recipe {
  @Override
  public Dataset<Row> run(StageRunner runner, RunContext ctx) {
    JobConfig cfg = ctx.config();
    LoadInstructions.Naming naming =
        new LoadInstructions.Naming(
            cfg.input().taskName(), cfg.input().taskName(), cfg.input().cluster(), cfg.input().language(),
            cfg.recipe(), "curated");
    Dataset<Row> rows =
        "seed-tasks".equals(cfg.input().kind())
            ? runner.run(new LoadSeedTasks(cfg.input().paths(), cfg.recipe(), cfg.input().language(), 0), null)
            : runner.run(
                new LoadInstructions(cfg.input().paths(), cfg.input().format(), cfg.input().fields(), naming, 0), null);
    rows = runner.run(new FilterStage(cfg.filters()), rows);
    return Dedup.apply(runner, rows, cfg.dedup());
  }
}
