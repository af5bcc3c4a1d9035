package org.instructsynth.pipeline.recipe;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.StageRunner;

/** A recipe runs its stages and hands back the rows to split and write ({@code Columns.WORK}). */
public interface Recipe {
  Dataset<Row> run(StageRunner runner, RunContext ctx);

  static Recipe named(String name) {
    return switch (name) {
      case "curate" -> new CurateRecipe();
      case "templatize" -> new TemplatizeRecipe();
      default -> throw new IllegalArgumentException("unknown recipe '" + name + "'");
    };
  }
}
