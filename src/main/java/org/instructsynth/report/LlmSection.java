package org.instructsynth.report;

import static org.instructsynth.report.Html.cell;
import static org.instructsynth.report.Html.numCell;
import static org.instructsynth.report.Html.section;
import static org.instructsynth.report.Html.text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.instructsynth.core.report.Llm;
import org.instructsynth.core.report.Report;

/**
 * The report's LLM usage: totals, the same per stage with latency (p50/p95 from the ledger) and 429s, and
 * any further field of the {@code llm} object (such as spent-versus-budget figures) by its key. A cost that
 * is null, missing or of a model without a price renders as "unknown", never as $0.
 */
final class LlmSection {
  /** Fields shown elsewhere or not meant as a figure. */
  private static final Set<String> SHOWN_ELSEWHERE = Set.of("partial");

  private LlmSection() {}

  static void render(StringBuilder html, Report r) {
    Llm llm = r.llm();
    if (llm == null) {
      return;
    }
    boolean unknown = llm.costIsUnknown();
    String lead = Boolean.TRUE.equals(r.simulatedLlm()) ? "Calls went to the simulated endpoint, not to a real model." : "";
    if (!Report.list(llm.models()).isEmpty()) {
      lead = (lead + " Models called: " + String.join(", ", llm.models()) + ".").trim();
    }
    section(html, "llm", "LLM usage", lead);
    html.append("<table class=\"kv\"><tbody>");
    Map<String, Number> totals = new LinkedHashMap<>();
    totals.put("Requested (distinct requests)", llm.requested());
    totals.put("Calls", llm.calls());
    totals.put("Cached (ledger hits)", llm.cached());
    totals.put("Failed", llm.failed());
    totals.put("Skipped by the budget", llm.skippedBudget());
    totals.put("Retries", llm.retries());
    totals.put("HTTP 429 answers (retried)", llm.rateLimited());
    totals.put("Prompt tokens", llm.promptTokens());
    totals.put("Completion tokens", llm.completionTokens());
    totals.forEach((label, value) -> {
      if (value != null) {
        row(html, label, Html.number(value.doubleValue()));
      }
    });
    money(html, "Cost", llm.costUsd(), unknown, llm);
    money(html, "Cost per kept example", llm.costPerKeptExample(), unknown, llm);
    // The budget figures, then fields this page does not name (a newer job may add some): by key, defensively.
    Map<String, Object> more = new LinkedHashMap<>();
    more.put("context_length", llm.contextLength());
    more.put("duplicate_paid", llm.duplicatePaid());
    more.put("budget_usd", llm.budgetUsd());
    more.put("spent_usd", llm.spentUsd());
    more.put("budget_used_pct", llm.budgetUsedPct());
    more.put("batch_held_usd", llm.batchHeldUsd());
    more.putAll(llm.other());
    more.forEach((key, value) -> {
      com.fasterxml.jackson.databind.JsonNode v = org.instructsynth.core.io.Json.MAPPER.valueToTree(value);
      if (value == null || SHOWN_ELSEWHERE.contains(key) || v.isContainerNode()) {
        return;
      }
      String label = Html.capitalise(key.replace('_', ' '));
      boolean spent = key.contains("usd") && !key.startsWith("budget");
      String shown = v.isNull() || unknown && spent ? "unknown"
          : v.isNumber() && key.contains("usd") ? Html.usd(v.asDouble())
          : v.isNumber() ? Html.number(v.asDouble()) : v.asText();
      row(html, label, shown);
    });
    html.append("</tbody></table>\n");
    byStage(html, Report.list(llm.byStage()), unknown);
    html.append("</section>\n");
  }

  /** A cost row: unknown when a model has no price (never $0), omitted when the report has no such figure. */
  private static void money(StringBuilder html, String label, Double usd, boolean unknown, Llm llm) {
    if (unknown) {
      row(html, label, "unknown (no price for " + Alerts.unpricedText(llm) + ")");
    } else if (usd != null) {
      row(html, label, Html.usd(usd));
    }
  }

  private static void byStage(StringBuilder html, List<Llm.Stage> byStage, boolean unknown) {
    if (byStage.isEmpty()) {
      return;
    }
    boolean latency = byStage.stream().anyMatch(s -> s.latencyP50Ms() != null);
    html.append("<table><thead><tr><th>Stage</th><th class=\"num\">Requested</th><th class=\"num\">From ledger</th>")
        .append("<th class=\"num\">Calls</th><th class=\"num\">Failed</th><th class=\"num\">429s</th>");
    if (latency) {
      html.append("<th class=\"num\">Latency p50</th><th class=\"num\">p95</th>");
    }
    html.append("<th class=\"num\">Prompt tokens</th><th class=\"num\">Completion tokens</th>")
        .append("<th class=\"num\">Cost</th></tr></thead><tbody>");
    for (Llm.Stage stage : byStage) {
      html.append("<tr><td>").append(Html.escape(text(stage.stage()))).append("</td>");
      numCell(html, stage.requested());
      numCell(html, stage.cached());
      numCell(html, stage.calls());
      numCell(html, stage.failed());
      numCell(html, stage.rateLimited());
      if (latency) {
        cell(html, stage.latencyP50Ms() != null ? Html.duration(stage.latencyP50Ms()) : "");
        cell(html, stage.latencyP95Ms() != null ? Html.duration(stage.latencyP95Ms()) : "");
      }
      numCell(html, stage.promptTokens());
      numCell(html, stage.completionTokens());
      cell(html, unknown ? "unknown" : stage.costUsd() != null ? Html.usd(stage.costUsd()) : "");
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
