package org.instructsynth.pipeline.llm;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The run's dollars for new LLM calls ({@code llm.budget-usd}), shared by every LLM stage and round
 * of one run. Driver-side only: each {@link LlmStage#run} gets {@link #remaining()} and, when done,
 * {@link #spend}s what its calls cost; the stage divides its part between tasks ({@code RateShare}).
 * A batch still running when its stage ends ({@code llm.mode: batch}) keeps its requests' worst case
 * {@link #reserve}d for the rest of the run; the run that collects it spends its real cost.
 */
public final class RunBudget {
  private final double budgetUsd;
  private double spentUsd;
  private final Map<String, Double> reservedUsd = new LinkedHashMap<>();

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

  /** Dollars held for batches still running (their requests' worst case). */
  public synchronized double reservedUsd() {
    return reservedUsd.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /**
   * Dollars left for the rest of the run, after what was spent and what running batches hold;
   * {@link Double#POSITIVE_INFINITY} without a limit, never negative.
   */
  public synchronized double remaining() {
    return limited() ? Math.max(0, budgetUsd - spentUsd - reservedUsd()) : Double.POSITIVE_INFINITY;
  }

  public synchronized void spend(double usd) {
    spentUsd += usd;
  }

  /** Holds {@code usd} for the batch {@code id}, still running at the end of its stage (NaN, unpriced, holds nothing). */
  public synchronized void reserve(String id, double usd) {
    if (!Double.isNaN(usd)) {
      reservedUsd.put(id, usd);
    }
  }

  /** Gives back what the batches {@code ids} held: they are being collected, and their real cost will be spent. */
  public synchronized void release(Collection<String> ids) {
    ids.forEach(reservedUsd::remove);
  }

  @Override
  public synchronized String toString() {
    String held = reservedUsd.isEmpty() ? "" : String.format(Locale.ROOT, ", $%.4f held for running batches", reservedUsd());
    return limited() ? String.format(Locale.ROOT, "$%.4f of $%.4f spent%s", spentUsd, budgetUsd, held)
        : String.format(Locale.ROOT, "$%.4f spent, no limit%s", spentUsd, held);
  }
}
