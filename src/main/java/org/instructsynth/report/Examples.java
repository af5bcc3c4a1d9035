package org.instructsynth.report;

import static org.instructsynth.report.Html.cell;
import static org.instructsynth.report.Html.figure;
import static org.instructsynth.report.Html.section;
import static org.instructsynth.report.Html.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's concrete rows: the per-round curve of a generation recipe, example kept and dropped rows
 * (per stage and reason), and near-duplicate pairs with the kept row and the ROUGE-L score. Texts come cut
 * from {@code report.json}; the page escapes them and keeps their line breaks.
 */
final class Examples {
  private static final String[] TEXTS = {"instruction", "input", "output"};

  private Examples() {}

  static void rounds(StringBuilder html, JsonNode r) {
    JsonNode rounds = r.path("rounds");
    if (!rounds.isArray() || rounds.isEmpty()) {
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
    for (JsonNode round : rounds) {
      labels.add(text(round, "round"));
      generated[i] = round.path("generated").asLong(0);
      candidates[i] = round.path("candidates").asLong(0);
      kept[i] = round.path("kept").asLong(0);
      pool[i] = round.path("pool").asLong(0);
      html.append(kept[i] == 0 ? "<tr class=\"flagged\">" : "<tr>").append("<td>").append(Html.escape(labels.get(i))).append("</td>");
      cell(html, Html.integer(round.path("prompts").asLong(0)));
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

  static void examples(StringBuilder html, JsonNode r) {
    JsonNode examples = r.path("examples");
    JsonNode kept = examples.path("kept");
    JsonNode dropped = examples.path("dropped");
    if (kept.isEmpty() && dropped.isEmpty()) {
      return;
    }
    section(html, "examples", "Examples", "Up to 5 rows kept and 5 rows per drop reason, from the written tables; long "
        + "texts are cut (…).");
    if (kept.size() > 0) {
      html.append("<h3>Kept</h3>\n<table class=\"rows\"><thead><tr><th>Task</th><th>Split</th><th>Instruction</th>")
          .append("<th>Input</th><th>Output</th></tr></thead><tbody>");
      for (JsonNode e : kept) {
        html.append("<tr><td>").append(Html.escape(text(e, "task_name"))).append("</td><td>")
            .append(Html.escape(text(e, "split"))).append("</td>");
        texts(html, e);
        html.append("</tr>");
      }
      html.append("</tbody></table>\n");
    }
    if (dropped.size() > 0) {
      html.append("<h3>Dropped</h3>\n");
      Map<String, Long> rows = new HashMap<>();
      for (JsonNode d : r.path("drops")) {
        rows.put(text(d, "stage") + "\u0000" + text(d, "reason"), d.path("rows").asLong(0));
      }
      List<Long> sizes = new ArrayList<>(rows.values());
      sizes.sort((a, b) -> Long.compare(b, a));
      long openFrom = sizes.size() >= 2 ? sizes.get(1) : 0; // the two largest reasons are open
      for (JsonNode group : dropped) {
        Long n = rows.get(text(group, "stage") + "\u0000" + text(group, "reason"));
        html.append(n != null && n >= openFrom && n > 0 ? "<details open>" : "<details>").append("<summary><strong>")
            .append(Html.escape(text(group, "stage"))).append("</strong> · <code>").append(Html.escape(text(group, "reason")))
            .append("</code>").append(n == null ? "" : " — " + Html.integer(n) + (n == 1 ? " row" : " rows")).append("</summary>")
            .append("<table class=\"rows\"><thead><tr><th>Instruction</th><th>Input</th><th>Output</th><th>Detail</th>")
            .append("</tr></thead><tbody>");
        for (JsonNode e : group.path("rows")) {
          html.append("<tr>");
          if (!e.has("instruction") && e.has("raw")) {
            html.append("<td colspan=\"3\" class=\"text\"><code>").append(Html.escape(text(e, "raw"))).append("</code></td>");
          } else {
            texts(html, e);
          }
          html.append("<td class=\"text\">").append(Html.escape(text(e, "detail")));
          if (e.has("where")) {
            html.append("<div class=\"muted\">").append(Html.escape(text(e, "where"))).append("</div>");
          }
          html.append("</td></tr>");
        }
        html.append("</tbody></table></details>\n");
      }
    }
    html.append("</section>\n");
  }

  static void nearDuplicates(StringBuilder html, JsonNode r) {
    JsonNode pairs = r.path("near_duplicates");
    if (!pairs.isArray() || pairs.isEmpty()) {
      return;
    }
    section(html, "near-duplicates", "Near-duplicate pairs", "Dropped rows closest above the ROUGE-L threshold, with the "
        + "kept row they duplicate (or the reference).");
    html.append("<table class=\"rows\"><thead><tr><th class=\"num\">ROUGE-L</th><th>Dropped instruction</th>")
        .append("<th>Kept instruction</th></tr></thead><tbody>");
    for (JsonNode p : pairs) {
      html.append("<tr>");
      cell(html, String.format(java.util.Locale.ROOT, "%.4f", p.path("score").asDouble()));
      html.append("<td class=\"text\">").append(Html.escape(text(p.path("dropped"), "instruction"))).append("</td>");
      JsonNode kept = p.path("kept");
      html.append("<td class=\"text\">");
      if (kept.has("instruction")) {
        html.append(Html.escape(text(kept, "instruction")));
        if (kept.has("run_date")) {
          html.append("<div class=\"muted\">kept ").append(Html.escape(text(kept, "run_date"))).append(" · ")
              .append(Html.escape(text(p, "dup_of"))).append("</div>");
        }
      } else {
        html.append("<span class=\"muted\">").append(Html.escape(text(kept, "reference"))).append("</span>");
      }
      html.append("</td></tr>");
    }
    html.append("</tbody></table>\n</section>\n");
  }

  private static void texts(StringBuilder html, JsonNode e) {
    for (String t : TEXTS) {
      html.append("<td class=\"text\">").append(Html.escape(text(e, t))).append("</td>");
    }
  }
}
