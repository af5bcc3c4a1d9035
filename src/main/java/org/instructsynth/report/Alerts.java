package org.instructsynth.report;

import org.instructsynth.core.report.Llm;
import org.instructsynth.core.report.Report;
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

  private Alerts() {}

  /** The report's alerts, most severe first. */
  public static List<Report.Alert> derive(Report r) {
    List<Report.Alert> errors = new ArrayList<>();
    List<Report.Alert> warnings = new ArrayList<>();
    String status = Html.text(r.status()).toLowerCase(Locale.ROOT);
    if (status.equals("failed") || status.equals("error")) {
      errors.add(new Report.Alert("error", "The run failed; its tables may be incomplete."));
    }
    List<Report.FunnelStage> funnel = Report.list(r.funnel());
    boolean stageAlert = false;
    for (Report.FunnelStage stage : funnel) {
      long in = Report.n(stage.rowsIn());
      if (in > 0 && stage.rowsOut() != null && stage.rowsOut() == 0) {
        errors.add(new Report.Alert("error", String.format(Locale.ROOT, "Stage %s kept 0 of %,d rows%s.",
            Html.text(stage.stage()), in, topReasons(r, Html.text(stage.stage())))));
        stageAlert = true;
        break; // the stages after it have nothing to work on
      }
    }
    if (r.splits() != null && !r.splits().isEmpty() && !funnel.isEmpty() && r.keptRows() == 0) {
      long in = Report.n(funnel.get(0).rowsIn());
      errors.add(new Report.Alert("error", in == 0
          ? "This night kept no rows: the input was empty."
          : String.format(Locale.ROOT, "This night kept no rows out of %,d input rows%s. Nothing was added to train or eval.",
              in, stageAlert ? "" : topReasons(r, null))));
    }
    Llm llm = r.llm();
    if (llm != null) {
      long failed = Report.n(llm.failed());
      long calls = Report.n(llm.calls());
      if (failed > 0) {
        warnings.add(new Report.Alert("warning", String.format(Locale.ROOT,
            "%,d of %,d LLM calls failed (%s); their rows are rejects with reason llm_error (the detail has the HTTP status).",
            failed, calls, Html.percent(failed, calls))));
      }
      if (llm.costIsUnknown() && calls > 0) {
        warnings.add(new Report.Alert("warning", "LLM cost unknown: " + unpricedText(llm)
            + " has no price in llm.prices, so the dollars of its calls are not known (not $0). Set llm.prices.<model> "
            + "{input, output} in dollars per 1M tokens."));
      }
    }
    boolean partialSaid = false;
    for (String w : Report.list(r.warnings())) {
      partialSaid |= w.contains("partial");
      warnings.add(new Report.Alert("warning", w));
    }
    if (status.equals("partial") && !partialSaid) {
      warnings.add(0, new Report.Alert("warning", "This run is partial: it stopped early (for example at llm.budget-usd) and "
          + "wrote what it had; rerun the date to finish (calls already made are not paid again)."));
    }
    errors.addAll(warnings);
    return errors;
  }

  static String unpricedText(Llm llm) {
    List<String> models = Report.list(llm.unpricedModels());
    return models.isEmpty() ? "the model" : (models.size() == 1 ? "model " : "models ") + String.join(", ", models);
  }

  /** {@code " (instruction_too_short 40, near_duplicate 12)"}: the stage's (or the run's) largest drop reasons. */
  private static String topReasons(Report r, String stage) {
    List<Report.Drop> drops = new ArrayList<>();
    for (Report.Drop d : Report.list(r.drops())) {
      if (stage == null || stage.equals(d.stage())) {
        drops.add(d);
      }
    }
    if (drops.isEmpty()) {
      return "";
    }
    drops.sort((a, b) -> Long.compare(Report.n(b.rows()), Report.n(a.rows())));
    List<String> parts = new ArrayList<>();
    for (Report.Drop d : drops.subList(0, Math.min(3, drops.size()))) {
      parts.add((stage == null ? Html.text(d.stage()) + " " : "") + Html.text(d.reason()) + " " + Html.integer(Report.n(d.rows())));
    }
    return "; dropped as " + String.join(", ", parts) + " (see Examples below and the rejects table)";
  }

  /** Alerts first: the page's reader sees a failed, partial, empty or drifting night before any table. */
  static void render(StringBuilder html, List<Report.Alert> alerts) {
    if (alerts.isEmpty()) {
      return;
    }
    html.append("<section id=\"warnings\">\n<h2>Alerts</h2>\n<ul class=\"warnings\">");
    for (Report.Alert alert : alerts) {
      html.append("<li class=\"").append(alert.level()).append("\"><strong>")
          .append(alert.level().equals("error") ? "Error" : "Warning").append(":</strong> ")
          .append(Html.escape(alert.text())).append("</li>");
    }
    html.append("</ul>\n</section>\n");
  }
}
