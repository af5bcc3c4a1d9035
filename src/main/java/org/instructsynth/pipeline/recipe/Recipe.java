package org.instructsynth.pipeline.recipe;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.StageRunner;
import org.instructsynth.pipeline.llm.LlmUsage;

/** A recipe runs its stages and hands back the rows to split and write ({@code Columns.WORK}). */
public interface Recipe {
  Dataset<Row> run(StageRunner runner, RunContext ctx);

  /** The LLM totals of the last {@link #run}, for the report's {@code llm} object; null for recipes without LLM calls. */
  default LlmUsage llmUsage() {
    return null;
  }

  /** Rows of the {@code comparisons} table ({@code Columns.COMPARISON}) made by the last run; null when the recipe makes none. */
  default Dataset<Row> comparisons() {
    return null;
  }

  /** Per-round counts of the last {@link #run} for recipes that generate in rounds (the report's curve); empty otherwise. */
  default java.util.List<org.instructsynth.pipeline.RoundStats> rounds() {
    return java.util.List.of();
  }

  static Recipe named(String name) {
    return switch (name) {
      case "curate" -> new CurateRecipe();
      case "templatize" -> new TemplatizeRecipe();
      case "self-instruct" -> new SelfInstructRecipe();
      case "distill" -> new DistillRecipe();
      case "self-guide" -> new SelfGuideRecipe();
      default -> throw new IllegalArgumentException("unknown recipe '" + name + "'");
    };
  }
}
