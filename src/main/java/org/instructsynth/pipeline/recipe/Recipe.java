package org.instructsynth.pipeline.recipe;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.instructsynth.pipeline.RoundStats;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.StageRunner;
import org.instructsynth.pipeline.llm.LlmUsage;

/**
 * A recipe runs its stages and hands back what the run wrote: the rows to split and write and what
 * the report needs. A recipe keeps no state between runs; everything of one run is in its {@link Output}.
 */
public interface Recipe {
  Output run(StageRunner runner, RunContext ctx);

  /**
   * One run's result.
   *
   * @param rows the rows to split and write ({@code Columns.WORK})
   * @param llm the LLM totals for the report's {@code llm} object; null for recipes without LLM calls
   * @param comparisons rows of the {@code comparisons} table ({@code Columns.COMPARISON}); null when the recipe makes none
   * @param rounds per-round counts for recipes that generate in rounds (the report's curve); empty otherwise
   */
  record Output(Dataset<Row> rows, LlmUsage llm, Dataset<Row> comparisons, List<RoundStats> rounds) {
    public Output {
      rounds = List.copyOf(rounds);
    }

    /** The output of a recipe without LLM calls. */
    public static Output of(Dataset<Row> rows) {
      return new Output(rows, null, null, List.of());
    }
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
