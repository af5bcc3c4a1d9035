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
 * so the sum over running tasks never exceeds the cluster budget. These per-task figures are what
 * a task would get on its own ({@link TaskRateLimiter#of}); the LLM stage instead shares one limiter
 * per executor JVM between all its tasks ({@link SharedLimiters}, keyed by {@link #limiterKey}),
 * holding {@code rate x executor cores / taskSlots} ({@link #executorFraction}), so the tail of a
 * stage and skewed partitions still use the whole budget.
 *
 * @param taskSlots the cluster's task slots (cores) when the stage started
 * @param limiterKey names this stage's shared limiters; unique per {@link #of} call
 */
public record RateShare(double requestsPerMinute, double tokensPerMinute, int maxInFlight, double budgetUsd, int concurrentTasks,
    int taskSlots, String limiterKey)
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
        s,
        taskSlots,
        java.util.UUID.randomUUID().toString());
  }

  /**
   * The part of the cluster budget an executor with {@code executorCores} cores holds: {@code
   * cores / taskSlots}, at most 1 (local mode: the driver JVM runs every task and holds it all).
   * Executors together hold at most the whole budget as long as no executors join after the start.
   */
  public double executorFraction(int executorCores) {
    return Math.min(1.0, Math.max(1, executorCores) / (double) Math.max(1, taskSlots));
  }

  /** This share with another task dollar budget (0: no limit). */
  public RateShare withBudgetUsd(double taskBudgetUsd) {
    return new RateShare(requestsPerMinute, tokensPerMinute, maxInFlight, Math.max(0, taskBudgetUsd), concurrentTasks,
        taskSlots, limiterKey);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "RateShare[%.2f rpm, %.0f tpm, %d in flight, $%.4f, of %d tasks]",
        requestsPerMinute, tokensPerMinute, maxInFlight, budgetUsd, concurrentTasks);
  }
}
