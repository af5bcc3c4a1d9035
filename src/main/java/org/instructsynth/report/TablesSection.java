package org.instructsynth.report;

import static org.instructsynth.report.Html.cell;
import static org.instructsynth.report.Html.numCell;
import static org.instructsynth.report.Html.section;
import static org.instructsynth.report.Html.text;

import java.util.ArrayList;
import java.util.List;
import org.instructsynth.core.report.Report;

/** The report's rows per task (the largest 20, the rest summed) and the comparison with the previous night. */
final class TablesSection {
  private static final List<String> SPLITS = List.of("train", "eval", "eval_unseen");

  private TablesSection() {}

  /** Tasks shown one per row; beyond this many, the largest are shown and the rest summed in one row. */
  static final int MAX_TASK_ROWS = 20;

  static void tasks(StringBuilder html, Report r) {
    List<Report.Task> tasks = Report.list(r.tasks());
    if (tasks.isEmpty()) {
      return;
    }
    List<Report.Task> sorted = new ArrayList<>(tasks);
    sorted.sort((a, b) -> Long.compare(b.total(), a.total())); // stable: ties keep the report's order
    boolean collapsed = sorted.size() > MAX_TASK_ROWS;
    section(html, "tasks", "Rows per task", tasks.size() + " tasks; rows per split"
        + (collapsed ? ", the " + MAX_TASK_ROWS + " largest first." : "."));
    html.append("<table><thead><tr><th>Task</th><th>Cluster</th>");
    for (String split : SPLITS) {
      html.append("<th class=\"num\">").append(split).append("</th>");
    }
    html.append("<th class=\"num\">Total</th></tr></thead><tbody>");
    long[] totals = new long[SPLITS.size() + 1];
    long[] rest = new long[SPLITS.size() + 1];
    for (int t = 0; t < sorted.size(); t++) {
      Report.Task task = sorted.get(t);
      boolean shown = t < MAX_TASK_ROWS;
      if (shown) {
        html.append("<tr><td>").append(Html.escape(text(task.taskName()))).append("</td><td>")
            .append(Html.escape(text(task.cluster()))).append("</td>");
      }
      Long[] values = {task.train(), task.eval(), task.evalUnseen()};
      for (int i = 0; i < SPLITS.size(); i++) {
        if (shown) {
          numCell(html, values[i]);
        } else {
          rest[i] += Report.n(values[i]);
        }
        totals[i] += Report.n(values[i]);
      }
      totals[SPLITS.size()] += task.total();
      if (shown) {
        cell(html, Html.integer(task.total()));
        html.append("</tr>");
      } else {
        rest[SPLITS.size()] += task.total();
      }
    }
    if (collapsed) {
      int more = sorted.size() - MAX_TASK_ROWS;
      html.append("<tr class=\"more\"><td colspan=\"2\">").append(Html.integer(more)).append(more == 1 ? " more task, " : " more tasks, ")
          .append(Html.integer(rest[SPLITS.size()])).append(" rows</td>");
      for (long v : rest) {
        cell(html, Html.integer(v));
      }
      html.append("</tr>");
    }
    html.append("</tbody><tfoot><tr><td colspan=\"2\">Total</td>");
    for (long total : totals) {
      cell(html, Html.integer(total));
    }
    html.append("</tr></tfoot></table>\n</section>\n");
  }

  static void comparison(StringBuilder html, Report r) {
    Report.Comparison comparison = r.comparison();
    List<Report.Metric> metrics = comparison == null ? List.of() : Report.list(comparison.metrics());
    if (metrics.isEmpty()) {
      return;
    }
    String previous = text(comparison.previousRunDate());
    section(html, "comparison", "Compared with the previous run",
        previous.isEmpty() ? "" : "Previous run date: " + previous + ".");
    html.append("<table><thead><tr><th>Metric</th><th class=\"num\">Previous</th>")
        .append("<th class=\"num\">Current</th><th class=\"num\">Change</th>")
        .append("<th class=\"num\">Change %</th><th>Flag</th></tr></thead><tbody>");
    for (Report.Metric metric : metrics) {
      boolean flagged = Boolean.TRUE.equals(metric.flag());
      Number before = metric.previous();
      Number now = metric.current();
      html.append(flagged ? "<tr class=\"flagged\">" : "<tr>")
          .append("<td>")
          .append(Html.escape(text(metric.name())))
          .append("</td>");
      if (!text(metric.skipped()).isEmpty()) {
        html.append("<td colspan=\"5\" class=\"muted\">").append(Html.escape(metric.skipped())).append("</td></tr>");
        continue;
      }
      numCell(html, before);
      numCell(html, now);
      if (before != null && now != null) {
        double delta = now.doubleValue() - before.doubleValue();
        cell(html, (delta > 0 ? "+" : "") + Html.number(delta));
        String pct = Html.percent(delta, Math.abs(before.doubleValue()));
        cell(html, pct.isEmpty() ? "" : (delta > 0 ? "+" : "") + pct);
      } else {
        cell(html, "");
        cell(html, "");
      }
      html.append("<td>")
          .append(flagged ? "<span class=\"badge warn\">FLAGGED</span>" : "")
          .append("</td></tr>");
    }
    html.append("</tbody></table>\n</section>\n");
  }
}
