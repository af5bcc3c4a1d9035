package org.instructsynth.pipeline.llm;

/**
 * Thrown by the first LLM stage of a run started with {@code --plan} ({@code run.plan: true}): the
 * requests were built and priced, nothing was called and nothing written. Later stages and rounds
 * depend on the answers, so the plan covers the first LLM stage only.
 */
public final class PlanReady extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient LlmStage.Plan plan;
  private final String stage;

  public PlanReady(String stage, LlmStage.Plan plan) {
    super("plan of LLM stage '" + stage + "' ready", null, false, false);
    this.stage = stage;
    this.plan = plan;
  }

  public LlmStage.Plan plan() {
    return plan;
  }

  public String stage() {
    return stage;
  }

  /** The plan as the command line prints it. */
  public String describe() {
    return String.format(java.util.Locale.ROOT,
        "plan of LLM stage '%s' (the run's first; later stages and rounds depend on its answers): %,d requests,"
            + " %,d already in the ledger, %,d to call; about %,d prompt tokens, at most %,d completion tokens,"
            + " at most %s. Nothing was called or written.",
        stage, plan.requested(), plan.cached(), plan.toCall(), plan.estimatedPromptTokens(), plan.maxCompletionTokens(),
        Double.isNaN(plan.maxCostUsd()) ? "an unknown number of dollars (a model has no price in llm.prices)"
            : String.format(java.util.Locale.ROOT, "$%.4f", plan.maxCostUsd()));
  }
}
