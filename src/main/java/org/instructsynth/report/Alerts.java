package org.instructsynth.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a reader must see first, derived from a report: a failed or partial run, a night that kept no
 * rows, a stage that kept none of its rows (a generation stage that kept 0 of N candidates), failed LLM
 * calls, an unknown cost (a model without a price), and every warning of the run (drifts from the
 * previous night, count mismatches). {@code error} alerts mean the night's output is not usable as is;
 * {@code warning} alerts need a look.
 */
public final class Alerts {

  /** One alert: {@code level} is {@code error} or {@code warning}. */
  public record Alert(String level, String text) {}

  private Alerts() {}

  /** Writes {@code alerts} (level and text per alert) into the report, for readers of report.json. */
  public static void addTo(ObjectNode report) {
    ArrayNode out = report.putArray("alerts");
    for (Alert a : derive(report)) {
      out.addObject().put("level", a.level()).put("text", a.text());
    }
  }

  /** The report's alerts, most severe first. */
  public static List<Alert> derive(JsonNode r) {
    List<Alert> errors = new ArrayList<>();
    List<Alert> warnings = new ArrayList<>();
    String status = r.path("status").asText("").toLowerCase(Locale.ROOT);
    if (status.equals("failed") || status.equals("error")) {
      errors.add(new Alert("error", "The run failed; its tables may be incomplete."));
    }
    JsonNode funnel = r.path("funnel");
    boolean stageAlert = false;
    for (JsonNode stage : funnel) {
      long in = stage.path("rows_in").asLong(0);
      if (in > 0 && stage.path("rows_out").isNumber() && stage.path("rows_out").asLong() == 0) {
        errors.add(new Alert("error", String.format(Locale.ROOT, "Stage %s kept 0 of %,d rows%s.",
            stage.path("stage").asText(), in, topReasons(r, stage.path("stage").asText()))));
        stageAlert = true;
        break; // the stages after it have nothing to work on
      }
    }
    JsonNode splits = r.path("splits");
    if (splits.isObject() && !splits.isEmpty() && funnel.isArray() && !funnel.isEmpty()) {
      long kept = 0;
      for (JsonNode n : splits) {
        kept += n.asLong(0);
      }
      if (kept == 0) {
        long in = funnel.get(0).path("rows_in").asLong(0);
        errors.add(new Alert("error", in == 0
            ? "This night kept no rows: the input was empty."
            : String.format(Locale.ROOT, "This night kept no rows out of %,d input rows%s. Nothing was added to train or eval.",
                in, stageAlert ? "" : topReasons(r, null))));
      }
    }
    JsonNode llm = r.path("llm");
    if (llm.isObject()) {
      long failed = llm.path("failed").asLong(0);
      long calls = llm.path("calls").asLong(0);
      if (failed > 0) {
        warnings.add(new Alert("warning", String.format(Locale.ROOT,
            "%,d of %,d LLM calls failed (%s); their rows are rejects with reason llm_error (the detail has the HTTP status).",
            failed, calls, Html.percent(failed, calls))));
      }
      if (costUnknown(llm) && calls > 0) {
        warnings.add(new Alert("warning", "LLM cost unknown: " + unpricedText(llm)
            + " has no price in llm.prices, so the dollars of its calls are not known (not $0). Set llm.prices.<model> "
            + "{input, output} in dollars per 1M tokens."));
      }
    }
    boolean partialSaid = false;
    for (JsonNode w : r.path("warnings")) {
      partialSaid |= w.asText().contains("partial");
      warnings.add(new Alert("warning", w.asText()));
    }
    if (status.equals("partial") && !partialSaid) {
      warnings.add(0, new Alert("warning", "This run is partial: it stopped early (for example at llm.budget-usd) and wrote what it "
          + "had; rerun the date to finish (calls already made are not paid again)."));
    }
    errors.addAll(warnings);
    return errors;
  }

  /** True when the report cannot say what the LLM calls cost: a null or missing cost, or a model without a price. */
  static boolean costUnknown(JsonNode llm) {
    return !llm.path("cost_usd").isNumber() || !llm.path("cost_known").asBoolean(true)
        || llm.path("unpriced_models").size() > 0;
  }

  static String unpricedText(JsonNode llm) {
    List<String> models = new ArrayList<>();
    llm.path("unpriced_models").forEach(m -> models.add(m.asText()));
    return models.isEmpty() ? "the model" : (models.size() == 1 ? "model " : "models ") + String.join(", ", models);
  }

  /** {@code " (instruction_too_short 40, near_duplicate 12)"}: the stage's (or the run's) largest drop reasons. */
  private static String topReasons(JsonNode r, String stage) {
    List<JsonNode> drops = new ArrayList<>();
    r.path("drops").forEach(d -> {
      if (stage == null || stage.equals(d.path("stage").asText())) {
        drops.add(d);
      }
    });
    if (drops.isEmpty()) {
      return "";
    }
    drops.sort((a, b) -> Long.compare(b.path("rows").asLong(0), a.path("rows").asLong(0)));
    List<String> parts = new ArrayList<>();
    for (JsonNode d : drops.subList(0, Math.min(3, drops.size()))) {
      parts.add((stage == null ? d.path("stage").asText() + " " : "") + d.path("reason").asText() + " "
          + Html.integer(d.path("rows").asLong(0)));
    }
    return "; dropped as " + String.join(", ", parts) + " (see Examples below and the rejects table)";
  }

  /** Alerts first: the page's reader sees a failed, partial, empty or drifting night before any table. */
  static void render(StringBuilder html, List<Alert> alerts) {
    if (alerts.isEmpty()) {
      return;
    }
    html.append("<section id=\"warnings\">\n<h2>Alerts</h2>\n<ul class=\"warnings\">");
    for (Alert alert : alerts) {
      html.append("<li class=\"").append(alert.level()).append("\"><strong>")
          .append(alert.level().equals("error") ? "Error" : "Warning").append(":</strong> ")
          .append(Html.escape(alert.text())).append("</li>");
    }
    html.append("</ul>\n</section>\n");
  }
}
