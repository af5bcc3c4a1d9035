package org.instructsynth.report;

import static org.instructsynth.report.Html.cell;
import static org.instructsynth.report.Html.numCell;
import static org.instructsynth.report.Html.section;
import static org.instructsynth.report.Html.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The report's LLM usage: totals, the same per stage with latency (p50/p95 from the ledger) and 429s, and
 * any further field of the {@code llm} object (such as spent-versus-budget figures) by its key. A cost that
 * is null, missing or of a model without a price renders as "unknown", never as $0.
 */
final class LlmSection {
  private static final Map<String, String> TOTALS = new LinkedHashMap<>();

  static {
    TOTALS.put("requested", "Requested (distinct requests)");
    TOTALS.put("calls", "Calls");
    TOTALS.put("cached", "Cached (ledger hits)");
    TOTALS.put("failed", "Failed");
    TOTALS.put("skipped_budget", "Skipped by the budget");
    TOTALS.put("retries", "Retries");
    TOTALS.put("rate_limited", "HTTP 429 answers (retried)");
    TOTALS.put("prompt_tokens", "Prompt tokens");
    TOTALS.put("completion_tokens", "Completion tokens");
    TOTALS.put("cost_usd", "Cost");
    TOTALS.put("cost_per_kept_example", "Cost per kept example");
  }

  /** Fields shown elsewhere or not meant as a figure. */
  private static final Set<String> SHOWN_ELSEWHERE = Set.of("by_stage", "partial", "models", "unpriced_models", "cost_known");

  private LlmSection() {}

  static void render(StringBuilder html, JsonNode r) {
    JsonNode llm = r.path("llm");
    if (!llm.isObject() || llm.isEmpty()) {
      return;
    }
    boolean unknown = Alerts.costUnknown(llm);
    String lead = r.path("simulated_llm").asBoolean(false) ? "Calls went to the simulated endpoint, not to a real model." : "";
    if (llm.path("models").size() > 0) {
      List<String> models = new java.util.ArrayList<>();
      llm.path("models").forEach(m -> models.add(m.asText()));
      lead = (lead + " Models called: " + String.join(", ", models) + ".").trim();
    }
    section(html, "llm", "LLM usage", lead);
    html.append("<table class=\"kv\"><tbody>");
    for (Map.Entry<String, String> total : TOTALS.entrySet()) {
      String key = total.getKey();
      JsonNode value = llm.path(key);
      boolean money = key.startsWith("cost");
      if (money && unknown && llm.has("cost_usd")) {
        row(html, total.getValue(), "unknown (no price for " + Alerts.unpricedText(llm) + ")");
      } else if (value.isNumber()) {
        row(html, total.getValue(), money ? Html.usd(value.asDouble()) : Html.number(value.asDouble()));
      }
    }
    // Fields this page does not know yet (other engineers' additions such as a budget): shown by key, defensively.
    llm.fields().forEachRemaining(e -> {
      if (TOTALS.containsKey(e.getKey()) || SHOWN_ELSEWHERE.contains(e.getKey()) || e.getValue().isContainerNode()) {
        return;
      }
      JsonNode v = e.getValue();
      String label = Html.capitalise(e.getKey().replace('_', ' '));
      boolean spent = e.getKey().contains("usd") && !e.getKey().startsWith("budget");
      String shown = v.isNull() || unknown && spent ? "unknown"
          : v.isNumber() && e.getKey().contains("usd") ? Html.usd(v.asDouble())
          : v.isNumber() ? Html.number(v.asDouble()) : v.asText();
      row(html, label, shown);
    });
    html.append("</tbody></table>\n");
    byStage(html, llm.path("by_stage"), unknown);
    html.append("</section>\n");
  }

  private static void byStage(StringBuilder html, JsonNode byStage, boolean unknown) {
    if (!byStage.isArray() || byStage.isEmpty()) {
      return;
    }
    boolean latency = false;
    for (JsonNode s : byStage) {
      latency |= s.has("latency_p50_ms");
    }
    html.append("<table><thead><tr><th>Stage</th><th class=\"num\">Requested</th><th class=\"num\">From ledger</th>")
        .append("<th class=\"num\">Calls</th><th class=\"num\">Failed</th><th class=\"num\">429s</th>");
    if (latency) {
      html.append("<th class=\"num\">Latency p50</th><th class=\"num\">p95</th>");
    }
    html.append("<th class=\"num\">Prompt tokens</th><th class=\"num\">Completion tokens</th>")
        .append("<th class=\"num\">Cost</th></tr></thead><tbody>");
    for (JsonNode stage : byStage) {
      html.append("<tr><td>").append(Html.escape(text(stage, "stage"))).append("</td>");
      numCell(html, stage.path("requested"));
      numCell(html, stage.path("cached"));
      numCell(html, stage.path("calls"));
      numCell(html, stage.path("failed"));
      numCell(html, stage.path("rate_limited"));
      if (latency) {
        cell(html, stage.path("latency_p50_ms").isNumber() ? Html.duration(stage.path("latency_p50_ms").asLong()) : "");
        cell(html, stage.path("latency_p95_ms").isNumber() ? Html.duration(stage.path("latency_p95_ms").asLong()) : "");
      }
      numCell(html, stage.path("prompt_tokens"));
      numCell(html, stage.path("completion_tokens"));
      cell(html, unknown ? "unknown" : stage.path("cost_usd").isNumber() ? Html.usd(stage.path("cost_usd").asDouble()) : "");
      html.append("</tr>");
    }
    html.append("</tbody></table>\n");
    if (latency) {
      html.append("<p class=\"lead\">Latency is per call made this run (ledger <code>latency_ms</code>, retries included); ")
          .append("answers reused from the ledger made no call. 429s are rate-limit answers that were retried.</p>\n");
    }
  }

  private static void row(StringBuilder html, String label, String value) {
    html.append("<tr><th scope=\"row\">").append(Html.escape(label)).append("</th>");
    cell(html, value);
    html.append("</tr>");
  }

}
