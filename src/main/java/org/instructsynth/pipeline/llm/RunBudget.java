package org.instructsynth.pipeline.llm;

import java.util.Locale;

/**
 * The run's dollars for new LLM calls ({@code llm.budget-usd}), shared by every LLM stage and round
 * of one run. Driver-side only: each {@link LlmStage#run} gets {@link #remaining()} and, when done,
 * {@link #spend}s what its calls cost; the stage divides its part between tasks ({@code RateShare}).
 */
public final class RunBudget {
  private final double budgetUsd;
  private double spentUsd;

  /** @param budgetUsd dollars for the whole run; 0 means no limit */
  public RunBudget(double budgetUsd) {
    if (!(budgetUsd >= 0)) {
      throw new IllegalArgumentException("llm.budget-usd must be >= 0, got " + budgetUsd);
    }
    this.budgetUsd = budgetUsd;
  }

  public boolean limited() {
    return budgetUsd > 0;
  }

  public double budgetUsd() {
    return budgetUsd;
  }

  public synchronized double spentUsd() {
    return spentUsd;
  }

  /** Dollars left for the rest of the run; {@link Double#POSITIVE_INFINITY} without a limit, never negative. */
  public synchronized double remaining() {
    return limited() ? Math.max(0, budgetUsd - spentUsd) : Double.POSITIVE_INFINITY;
  }

  public synchronized void spend(double usd) {
    spentUsd += usd;
  }

  @Override
  public synchronized String toString() {
    return limited() ? String.format(Locale.ROOT, "$%.4f of $%.4f spent", spentUsd, budgetUsd)
        : String.format(Locale.ROOT, "$%.4f spent, no limit", spentUsd);
  }
}
