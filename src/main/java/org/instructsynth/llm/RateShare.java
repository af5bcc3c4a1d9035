package org.instructsynth.llm;

import java.io.Serializable;
import java.util.Locale;

/**
 * One task's share of the cluster-wide budget. With {@code s = min(llm.partitions, task slots)}
 * tasks running at once (task slots = executors x cores / cpus-per-task, Spark's default
 * parallelism), each task gets
 *
 * <pre>
 *   rpm_task      = requests-per-minute / s
 *   tpm_task      = tokens-per-minute / s
 *   inflight_task = max(1, floor(max-in-flight / s))
 *   budget_task   = stage budget / tasks of the pass (every task, running or queued, gets a share)
 * </pre>
 *
 * The stage budget is what is left of {@code llm.budget-usd} for the run ({@code RunBudget} on the
 * driver); {@link #of} starts from {@code budget-usd / partitions} and the stage sets the real share
 * with {@link #withBudgetUsd}.
 *
 * so the sum over running tasks never exceeds the cluster budget. When fewer tasks remain than
 * slots (the tail of a stage) the achieved rate drops below the budget; more partitions than slots
 * keeps the tail short.
 */
public record RateShare(double requestsPerMinute, double tokensPerMinute, int maxInFlight, double budgetUsd, int concurrentTasks)
    implements Serializable {

  public static RateShare of(LlmSettings settings, int taskSlots) {
    if (taskSlots < 1) {
      throw new IllegalArgumentException("task slots must be >= 1, got " + taskSlots);
    }
    int s = Math.min(settings.partitions(), taskSlots);
    return new RateShare(
        settings.requestsPerMinute() / s,
        settings.tokensPerMinute() / s,
        Math.max(1, settings.maxInFlight() / s),
        settings.budgetUsd() <= 0 ? 0 : settings.budgetUsd() / settings.partitions(),
        s);
  }

  /** This share with another task dollar budget (0: no limit). */
  public RateShare withBudgetUsd(double taskBudgetUsd) {
    return new RateShare(requestsPerMinute, tokensPerMinute, maxInFlight, Math.max(0, taskBudgetUsd), concurrentTasks);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "RateShare[%.2f rpm, %.0f tpm, %d in flight, $%.4f, of %d tasks]",
        requestsPerMinute, tokensPerMinute, maxInFlight, budgetUsd, concurrentTasks);
  }
}
