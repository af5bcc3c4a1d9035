package org.instructsynth.pipeline.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.instructsynth.core.report.Llm;

/**
 * The LLM totals of one run, summed over every {@link LlmStage#run} a recipe makes (one per round and
 * stage), for the report's {@code llm} object: calls (new calls made), cached (ledger hits), failed,
 * context_length, duplicate_paid, skipped (by {@code llm.budget-usd}), retries, tokens, cost, the
 * run's budget and what it spent ({@code budget_usd}, {@code spent_usd}) and the same by stage.
 * Driver-side only.
 */
public final class LlmUsage {
  private long requested;
  private long cached;
  private long calls;
  private long failed;
  private long skipped;
  private long retries;
  private long rateLimited;
  private long promptTokens;
  private long completionTokens;
  private double costUsd;
  private long contextLength;
  private long duplicatePaid;
  private RunBudget budget;
  private final Map<String, long[]> byStageCounts = new TreeMap<>();
  private final Map<String, Double> byStageCost = new TreeMap<>();
  private final java.util.LinkedHashSet<String> warnings = new java.util.LinkedHashSet<>();
  private boolean partial;

  /**
   * The run's budget, created from {@code llm.budget-usd} on first use; every {@link LlmStage#run}
   * of the run draws on it, so the key bounds the run, not each stage.
   */
  public RunBudget budget(org.instructsynth.llm.LlmSettings settings) {
    if (budget == null) {
      budget = new RunBudget(settings.budgetUsd());
    }
    return budget;
  }

  /** Adds one stage run; {@code stage} is the name used in the report when the result has no per-stage totals. */
  public void add(String stage, LlmStage.Result r) {
    requested += r.requested();
    cached += r.cached();
    calls += r.called();
    failed += r.failed();
    skipped += r.skipped();
    retries += r.retries();
    rateLimited += r.rateLimited();
    promptTokens += r.promptTokens();
    completionTokens += r.completionTokens();
    costUsd += r.costUsd();
    contextLength += r.contextLength();
    duplicatePaid += r.duplicatePaid();
    partial |= r.partial();
    warnings.addAll(r.warnings());
    long[] c = byStageCounts.computeIfAbsent(stage, k -> new long[8]);
    c[0] += r.requested();
    c[1] += r.cached();
    c[2] += r.called();
    c[3] += r.failed();
    c[4] += r.promptTokens();
    c[5] += r.completionTokens();
    c[6] += r.rateLimited();
    c[7] += r.retries();
    byStageCost.merge(stage, r.costUsd(), Double::sum);
  }

  public long calls() {
    return calls;
  }

  public long cached() {
    return cached;
  }

  public long failed() {
    return failed;
  }

  /** True when {@code llm.budget-usd} stopped some calls or batch calls are pending: the run is partial. */
  public boolean partial() {
    return skipped > 0 || partial;
  }

  /** Calls not made because {@code llm.budget-usd} was reached. */
  public long skipped() {
    return skipped;
  }

  /** Adds a warning for the report (kept once). */
  public void warn(String warning) {
    warnings.add(warning);
  }

  /** The report's LLM warnings: pending batches, models without a price. */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** A cost for the report: null when unknown (a model without a price), never $0. */
  private static Double cost(double usd) {
    return Double.isNaN(usd) ? null : usd;
  }

  /** {@code true} when the cost is unknown, else null (the field is left out). */
  private static Boolean costUnknown(double usd) {
    return Double.isNaN(usd) ? Boolean.TRUE : null;
  }

  /**
   * The report's {@code llm} object with the totals and the same by stage; the ledger's latency, the models
   * and the cost per kept example are added by {@link Llm#withDetails}.
   */
  public Llm toReport() {
    List<Llm.Stage> stages = new ArrayList<>();
    byStageCounts.forEach((stage, c) -> {
      double usd = byStageCost.get(stage);
      stages.add(new Llm.Stage(stage, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], cost(usd), costUnknown(usd),
          null, null, null, null, null));
    });
    boolean limited = budget != null && budget.limited();
    boolean held = budget != null && budget.reservedUsd() > 0;
    return new Llm(requested, calls, cached, failed, skipped, retries, rateLimited, promptTokens, completionTokens,
        cost(costUsd), costUnknown(costUsd), contextLength, duplicatePaid, budget == null ? 0.0 : budget.budgetUsd(),
        budget == null ? costUsd : budget.spentUsd(), limited ? 100 * budget.spentUsd() / budget.budgetUsd() : null,
        held ? budget.reservedUsd() : null, partial(), stages, null, null, null, null, null);
  }
}
