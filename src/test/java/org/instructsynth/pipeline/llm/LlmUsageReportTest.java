package org.instructsynth.pipeline.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.instructsynth.core.io.Json;
import org.instructsynth.core.report.Llm;
import org.junit.jupiter.api.Test;

/** The report's {@code llm} object as LlmUsage builds it: the same fields, in the same order, as report.json had. */
class LlmUsageReportTest {

  private static LlmStage.Result result(long called, double cost) {
    return new LlmStage.Result(called + 2, 2, called, called - 1, 1, 0, 3, 1, 100 * called, 10 * called, cost, false,
        Map.of(), null, 1, 0, 0, List.of(), null);
  }

  private static List<String> names(JsonNode o) {
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void totalsAndStagesAreWrittenWithTheReportsFieldNames() throws Exception {
    LlmUsage usage = new LlmUsage();
    usage.add("generate", result(10, 0.25));
    usage.add("generate", result(5, 0.125));
    usage.add("answer", result(4, 0.5));
    JsonNode llm = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(usage.toReport()));

    assertThat(names(llm)).containsExactly("requested", "calls", "cached", "failed", "skipped_budget", "retries",
        "rate_limited", "prompt_tokens", "completion_tokens", "cost_usd", "context_length", "duplicate_paid", "budget_usd",
        "spent_usd", "partial", "by_stage", "cost_per_kept_example");
    assertThat(llm.path("calls").asLong()).isEqualTo(19);
    assertThat(llm.path("requested").asLong()).isEqualTo(25);
    assertThat(llm.path("prompt_tokens").asLong()).isEqualTo(1900);
    assertThat(llm.path("cost_usd").asDouble()).isEqualTo(0.875);
    assertThat(llm.path("budget_usd").isDouble()).isTrue();
    assertThat(llm.path("spent_usd").asDouble()).isEqualTo(0.875);
    assertThat(llm.path("context_length").asLong()).isEqualTo(3);
    assertThat(llm.path("by_stage").findValuesAsText("stage")).containsExactly("answer", "generate");
    JsonNode generate = llm.path("by_stage").get(1);
    assertThat(names(generate)).containsExactly("stage", "requested", "cached", "calls", "failed", "prompt_tokens",
        "completion_tokens", "rate_limited", "retries", "cost_usd");
    assertThat(generate.path("calls").asLong()).isEqualTo(15);
    assertThat(generate.path("cost_usd").asDouble()).isEqualTo(0.375);
  }

  @Test
  void anUnpricedCostIsNullAndFlaggedNeverZero() throws Exception {
    LlmUsage usage = new LlmUsage();
    usage.add("generate", result(3, Double.NaN));
    Llm model = usage.toReport();
    JsonNode llm = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(model));
    assertThat(llm.path("cost_usd").isNull()).isTrue();
    assertThat(llm.path("cost_unknown").asBoolean()).isTrue();
    assertThat(llm.path("by_stage").get(0).path("cost_usd").isNull()).isTrue();
    assertThat(llm.path("by_stage").get(0).path("cost_unknown").asBoolean()).isTrue();
    assertThat(model.costIsUnknown()).isTrue();
  }
}
