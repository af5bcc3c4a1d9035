package org.instructsynth.report;

import static org.instructsynth.report.Html.cell;
import static org.instructsynth.report.Html.figure;
import static org.instructsynth.report.Html.section;
import static org.instructsynth.report.Html.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.instructsynth.core.report.Report;

/**
 * The report's concrete rows: the per-round curve of a generation recipe, example kept and dropped rows
 * (per stage and reason), and near-duplicate pairs with the kept row and the ROUGE-L score. Texts come cut
 * from {@code report.json}; the page escapes them and keeps their line breaks.
 */
final class Examples {
  private Examples() {}

  static void rounds(StringBuilder html, Report r) {
    List<Report.Round> rounds = Report.list(r.rounds());
    if (rounds.isEmpty()) {
      return;
    }
    section(html, "rounds", "Generation rounds", "Per round: items the model wrote, candidates after the round's filters, "
        + "candidates kept by the ROUGE-L check, and the pool kept so far.");
    List<String> labels = new ArrayList<>();
    long[] generated = new long[rounds.size()];
    long[] candidates = new long[rounds.size()];
    long[] kept = new long[rounds.size()];
    long[] pool = new long[rounds.size()];
    html.append("<table><thead><tr><th>Round</th><th class=\"num\">Prompts</th><th class=\"num\">Generated</th>")
        .append("<th class=\"num\">Candidates</th><th class=\"num\">Kept</th><th class=\"num\">Kept of candidates</th>")
        .append("<th class=\"num\">Pool</th></tr></thead><tbody>");
    int i = 0;
    for (Report.Round round : rounds) {
      labels.add(round.round() == null ? "" : round.round().toString());
      generated[i] = Report.n(round.generated());
      candidates[i] = Report.n(round.candidates());
      kept[i] = Report.n(round.kept());
      pool[i] = Report.n(round.pool());
      html.append(kept[i] == 0 ? "<tr class=\"flagged\">" : "<tr>").append("<td>").append(Html.escape(labels.get(i))).append("</td>");
      cell(html, Html.integer(Report.n(round.prompts())));
      cell(html, Html.integer(generated[i]));
      cell(html, Html.integer(candidates[i]));
      cell(html, Html.integer(kept[i]));
      cell(html, Html.percent(kept[i], candidates[i]));
      cell(html, Html.integer(pool[i]));
      html.append("</tr>");
      i++;
    }
    html.append("</tbody></table>\n");
    figure(html, SvgCharts.lines("Per-round counts", labels, List.of(
        new SvgCharts.Series("generated", HtmlReport.TEAL, generated),
        new SvgCharts.Series("candidates", HtmlReport.BLUE, candidates),
        new SvgCharts.Series("kept", HtmlReport.GREEN, kept),
        new SvgCharts.Series("pool", HtmlReport.AMBER, pool)), "round"), "Per-round counts");
    html.append("</section>\n");
  }

  static void examples(StringBuilder html, Report r) {
    List<Report.Row> kept = r.examples() == null ? List.of() : Report.list(r.examples().kept());
    List<Report.DropGroup> dropped = HtmlReport.inPipelineOrder(r,
        r.examples() == null ? List.of() : Report.list(r.examples().dropped()), Report.DropGroup::stage);
    if (kept.isEmpty() && dropped.isEmpty()) {
      return;
    }
    section(html, "examples", "Examples", "Up to 5 rows kept and 5 rows per drop reason, from the written tables; long "
        + "texts are cut (…).");
    if (!kept.isEmpty()) {
      html.append("<h3>Kept</h3>\n<table class=\"rows\"><thead><tr><th>Task</th><th>Split</th><th>Instruction</th>")
          .append("<th>Input</th><th>Output</th></tr></thead><tbody>");
      for (Report.Row e : kept) {
        html.append("<tr><td>").append(Html.escape(text(e.taskName()))).append("</td><td>")
            .append(Html.escape(text(e.split()))).append("</td>");
        texts(html, e);
        html.append("</tr>");
      }
      html.append("</tbody></table>\n");
    }
    if (!dropped.isEmpty()) {
      html.append("<h3>Dropped</h3>\n");
      Map<String, Long> rows = new HashMap<>();
      for (Report.Drop d : Report.list(r.drops())) {
        rows.put(text(d.stage()) + "\u0000" + text(d.reason()), Report.n(d.rows()));
      }
      List<Long> sizes = new ArrayList<>(rows.values());
      sizes.sort((a, b) -> Long.compare(b, a));
      long openFrom = sizes.size() >= 2 ? sizes.get(1) : 0; // the two largest reasons are open
      for (Report.DropGroup group : dropped) {
        Long n = rows.get(text(group.stage()) + "\u0000" + text(group.reason()));
        html.append(n != null && n >= openFrom && n > 0 ? "<details open>" : "<details>").append("<summary><strong>")
            .append(Html.escape(text(group.stage()))).append("</strong> · <code>").append(Html.escape(text(group.reason())))
            .append("</code>").append(n == null ? "" : " — " + Html.integer(n) + (n == 1 ? " row" : " rows")).append("</summary>")
            .append("<table class=\"rows\"><thead><tr><th>Instruction</th><th>Input</th><th>Output</th><th>Detail</th>")
            .append("</tr></thead><tbody>");
        for (Report.Row e : Report.list(group.rows())) {
          html.append("<tr>");
          if (e.instruction() == null && e.raw() != null) {
            html.append("<td colspan=\"3\" class=\"text\"><code>").append(Html.escape(e.raw())).append("</code></td>");
          } else {
            texts(html, e);
          }
          html.append("<td class=\"text\">").append(Html.escape(text(e.detail())));
          if (e.where() != null) {
            html.append("<div class=\"muted\">").append(Html.escape(e.where())).append("</div>");
          }
          html.append("</td></tr>");
        }
        html.append("</tbody></table></details>\n");
      }
    }
    html.append("</section>\n");
  }

  static void nearDuplicates(StringBuilder html, Report r) {
    List<Report.NearDuplicate> pairs = Report.list(r.nearDuplicates());
    if (pairs.isEmpty()) {
      return;
    }
    section(html, "near-duplicates", "Near-duplicate pairs", "Dropped rows closest above the ROUGE-L threshold, with the "
        + "kept row they duplicate (or the reference).");
    html.append("<table class=\"rows\"><thead><tr><th class=\"num\">ROUGE-L</th><th>Dropped instruction</th>")
        .append("<th>Kept instruction</th></tr></thead><tbody>");
    for (Report.NearDuplicate p : pairs) {
      html.append("<tr>");
      cell(html, p.score() == null ? "" : org.instructsynth.core.dedup.ScoreText.shown(p.score()));
      html.append("<td class=\"text\">").append(Html.escape(p.dropped() == null ? "" : text(p.dropped().instruction())))
          .append("</td>");
      Report.Kept kept = p.kept();
      html.append("<td class=\"text\">");
      if (kept != null && kept.instruction() != null) {
        html.append(Html.escape(kept.instruction()));
        if (kept.runDate() != null) {
          html.append("<div class=\"muted\">kept ").append(Html.escape(kept.runDate())).append(" · ")
              .append(Html.escape(text(p.dupOf()))).append("</div>");
        }
      } else {
        html.append("<span class=\"muted\">").append(Html.escape(kept == null ? "" : text(kept.reference())))
            .append("</span>");
      }
      html.append("</td></tr>");
    }
    html.append("</tbody></table>\n</section>\n");
  }

  private static void texts(StringBuilder html, Report.Row e) {
    for (String t : new String[] {e.instruction(), e.input(), e.output()}) {
      html.append("<td class=\"text\">").append(Html.escape(text(t))).append("</td>");
    }
  }
}
