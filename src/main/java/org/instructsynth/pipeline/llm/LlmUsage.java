package org.instructsynth.pipeline.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

  private static void cost(ObjectNode o, double usd) {
    if (Double.isNaN(usd)) {
      o.putNull("cost_usd"); // a model without a price: unknown, never $0
      o.put("cost_unknown", true);
    } else {
      o.put("cost_usd", usd);
    }
  }

  /** The report's {@code llm} object. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("requested", requested);
    o.put("calls", calls);
    o.put("cached", cached);
    o.put("failed", failed);
    o.put("skipped_budget", skipped);
    o.put("retries", retries);
    o.put("rate_limited", rateLimited);
    o.put("prompt_tokens", promptTokens);
    o.put("completion_tokens", completionTokens);
    cost(o, costUsd);
    o.put("context_length", contextLength);
    o.put("duplicate_paid", duplicatePaid);
    o.put("budget_usd", budget == null ? 0 : budget.budgetUsd());
    o.put("spent_usd", budget == null ? costUsd : budget.spentUsd());
    if (budget != null && budget.limited()) {
      o.put("budget_used_pct", 100 * budget.spentUsd() / budget.budgetUsd());
    }
    if (budget != null && budget.reservedUsd() > 0) {
      o.put("batch_held_usd", budget.reservedUsd()); // worst case of batches still running, not spent (llm.mode: batch)
    }
    o.put("partial", partial());
    ArrayNode stages = o.putArray("by_stage");
    byStageCounts.forEach((stage, c) -> {
      ObjectNode s = stages.addObject();
      s.put("stage", stage);
      s.put("requested", c[0]);
      s.put("cached", c[1]);
      s.put("calls", c[2]);
      s.put("failed", c[3]);
      s.put("prompt_tokens", c[4]);
      s.put("completion_tokens", c[5]);
      s.put("rate_limited", c[6]);
      s.put("retries", c[7]);
      cost(s, byStageCost.get(stage));
    });
    return o;
  }
}
