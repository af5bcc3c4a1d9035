package org.instructsynth.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.List;
import org.instructsynth.core.filter.FilterSettings;
import org.instructsynth.core.prompt.PromptTemplates;
import org.instructsynth.llm.LlmSettings;

/**
 * One run's configuration, typed. Built only by {@link ConfigLoader}, which checks every key.
 *
 * @param recipe one of {@link #RECIPES}
 * @param llm the {@code llm:} section; null unless the recipe is one of {@link #LLM_RECIPES}
 * @param selfInstruct the {@code self-instruct:} section; null unless the recipe is {@code self-instruct}
 * @param distill the {@code distill:} section; null unless the recipe is {@code distill}
 * @param selfGuide the {@code self-guide:} section; null unless the recipe is {@code self-guide}
 * @param export the {@code export:} section: training-ready exports and the dataset card
 * @param logging the {@code logging:} section (log line format)
 * @param promptsDir {@code prompts.dir}: a directory whose {@code <name>.txt} files replace the shipped
 *     prompt templates of the same name (empty: the shipped ones only)
 * @param resolved the configuration as read with defaults filled in and secrets redacted; written to
 *     {@code _runs/<run_id>/config.yaml}
 */
public record JobConfig(
    String recipe,
    RunConfig run,
    InputConfig input,
    OutputConfig output,
    FilterSettings filters,
    DedupConfig dedup,
    SplitConfig split,
    TemplatizeConfig templatize,
    LlmSettings llm,
    SelfInstructConfig selfInstruct,
    DistillConfig distill,
    SelfGuideConfig selfGuide,
    ReportConfig report,
    ExportConfig export,
    LoggingConfig logging,
    String promptsDir,
    ObjectNode resolved)
    implements Serializable {

  public static final List<String> RECIPES = List.of("curate", "templatize", "self-instruct", "self-guide", "distill");

  /** Recipes that call an LLM and so read the {@code llm:} section. */
  public static final List<String> LLM_RECIPES = List.of("self-instruct", "self-guide", "distill");

  /** The prompt templates of this run: the shipped ones, each replaced by its file in {@code prompts.dir} if there is one. */
  public PromptTemplates prompts() {
    return promptsDir.isEmpty() ? PromptTemplates.classpath() : PromptTemplates.withOverrides(java.nio.file.Path.of(promptsDir));
  }
}
