package org.instructsynth.core.report;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's {@code llm} object: totals of the run's LLM calls, per stage, the models called and the cost.
 * {@code cost_usd} and {@code cost_per_kept_example} are written even when null: null means unknown (a
 * model without a price), never $0. The run's budget figures: {@code context_length} (requests not sent,
 * over the model's context), {@code duplicate_paid}, {@code budget_usd} ({@code llm.budget-usd}, 0 without),
 * {@code spent_usd}, {@code budget_used_pct} (only with a budget), {@code batch_held_usd} (worst case of
 * batches still running, not spent) and {@code partial}. Fields this record does not name are kept in
 * {@link #other()}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"requested", "calls", "cached", "failed", "skipped_budget", "retries", "rate_limited",
    "prompt_tokens", "completion_tokens", "cost_usd", "cost_unknown", "context_length", "duplicate_paid", "budget_usd",
    "spent_usd", "budget_used_pct", "batch_held_usd", "partial", "by_stage", "unpriced_models", "models", "cost_known",
    "cost_per_kept_example"})
public record Llm(Long requested, Long calls, Long cached, Long failed, Long skippedBudget, Long retries,
    Long rateLimited, Long promptTokens, Long completionTokens,
    @JsonInclude(JsonInclude.Include.ALWAYS) Double costUsd, Boolean costUnknown, Long contextLength, Long duplicatePaid,
    Double budgetUsd, Double spentUsd, Double budgetUsedPct, Double batchHeldUsd, Boolean partial, List<Stage> byStage,
    List<String> unpricedModels, List<String> models, Boolean costKnown,
    @JsonInclude(JsonInclude.Include.ALWAYS) Double costPerKeptExample,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> other) {

  public Llm {
    other = other == null ? new LinkedHashMap<>() : other;
  }

  /**
   * This object with what the ledger and the config add after the calls: per-stage latency, the models called,
   * those without a price, whether the cost is known and the cost per kept example.
   */
  public Llm withDetails(List<Stage> byStage, List<String> unpricedModels, List<String> models, boolean costKnown,
      Double costPerKeptExample) {
    return new Llm(requested, calls, cached, failed, skippedBudget, retries, rateLimited, promptTokens, completionTokens,
        costUsd, costUnknown, contextLength, duplicatePaid, budgetUsd, spentUsd, budgetUsedPct, batchHeldUsd, partial,
        byStage, unpricedModels, models, costKnown, costPerKeptExample, other);
  }

  /** True when the report cannot say what the calls cost: no cost, or a model without a price. */
  public boolean costIsUnknown() {
    return costUsd == null || costUsd.isNaN() || Boolean.FALSE.equals(costKnown)
        || unpricedModels != null && !unpricedModels.isEmpty();
  }

  /** One LLM stage's calls; latency and 429s come from the ledger. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"stage", "requested", "cached", "calls", "failed", "prompt_tokens", "completion_tokens",
      "rate_limited", "retries", "cost_usd", "cost_unknown"})
  public record Stage(String stage, Long requested, Long cached, Long calls, Long failed, Long promptTokens,
      Long completionTokens, Long rateLimited, Long retries, @JsonInclude(JsonInclude.Include.ALWAYS) Double costUsd,
      Boolean costUnknown, Long latencyP50Ms, Long latencyP95Ms, Long latencyMaxMs,
      @JsonProperty("failed_429") Long failed429,
      @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> other) {

    public Stage {
      other = other == null ? new LinkedHashMap<>() : other;
    }

    /** This stage with latency and final 429s from the ledger. */
    public Stage withLatency(long p50Ms, long p95Ms, long maxMs, long final429) {
      return new Stage(stage, requested, cached, calls, failed, promptTokens, completionTokens, rateLimited, retries,
          costUsd, costUnknown, p50Ms, p95Ms, maxMs, final429, other);
    }
  }
}
