package org.instructsynth.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.instructsynth.core.report.ReportFixtures;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A full report as the job's writers build it ({@link ReportFixtures#full}), as report.json holds it. */
  private static ObjectNode full() {
    return (ObjectNode) ReportFixtures.full().toJson();
  }

  private static ObjectNode minimal() {
    ObjectNode report = JSON.createObjectNode();
    report.put("run_id", "r1");
    report.put("recipe", "curate");
    report.put("run_date", "2026-11-21");
    return report;
  }

  @Test
  void fullReportRendersEverySection() throws IOException {
    String html = HtmlReport.render(full());
    Files.writeString(Path.of("target", "report-full.html"), html, StandardCharsets.UTF_8);

    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    for (String id : new String[] {"funnel", "drops", "splits", "tasks", "histograms", "llm", "comparison", "warnings"}) {
      assertThat(html).contains("<section id=\"" + id + "\">");
    }
    assertThat(html)
        .contains("<title>instruct-synth · distill · 2026-11-21</title>")
        .contains("20261121T054400Z-distill-1a2b")
        .contains("<span class=\"badge warn\">PARTIAL</span>")
        .contains("<span class=\"badge sim\">SIMULATED LLM</span>")
        .contains("<dt>Elapsed</dt><dd>2 min 03 s</dd>")
        .contains("sample-data/instructions.jsonl, sample-data/extra.json")
        .contains("<dd>out (parquet)</dd>")
        .contains("<code>out/train/run_date=2026-11-21</code>");
    // Funnel row: rows in, rows out, dropped, kept share, elapsed.
    assertThat(html)
        .contains(
            "<tr><td>dedup-rouge</td><td class=\"num\">950,000</td><td class=\"num\">610,000</td>"
                + "<td class=\"num\">340,000</td><td class=\"num\">64.2%</td>"
                + "<td class=\"num\">1 min 05 s</td></tr>");
    // Drops: share of the stage's input, and the total.
    assertThat(html)
        .contains(
            "<tr><td>filter</td><td><code>instruction_too_short</code></td>"
                + "<td class=\"num\">120,000</td><td class=\"num\">10.0%</td></tr>")
        .contains("<tfoot><tr><td colspan=\"2\">Total</td><td class=\"num\">624,567</td>");
    // Splits with shares; tasks with per-row and column totals.
    assertThat(html)
        .contains("<tr><td>train</td><td class=\"num\">549,000</td><td class=\"num\">90.0%</td></tr>")
        .contains(
            "<tfoot><tr><td colspan=\"2\">Total</td><td class=\"num\">549,000</td>"
                + "<td class=\"num\">61,000</td><td class=\"num\">0</td><td class=\"num\">610,000</td>");
    // LLM totals and per stage, dollars with two or four decimals.
    assertThat(html)
        .contains("<tr><th scope=\"row\">Completion tokens</th><td class=\"num\">5,000,000</td></tr>")
        .contains("<tr><th scope=\"row\">Cost</th><td class=\"num\">$12.50</td></tr>")
        .contains("<td class=\"num\">$0.0625</td>");
    // Comparison: deltas with sign, a flagged row.
    assertThat(html)
        .contains(
            "<td>rows kept</td><td class=\"num\">500,000</td><td class=\"num\">610,000</td>"
                + "<td class=\"num\">+110,000</td><td class=\"num\">+22.0%</td>")
        .contains("<tr class=\"flagged\"><td>drop ratio</td><td class=\"num\">0.31</td>")
        .contains("<span class=\"badge warn\">FLAGGED</span>")
        .contains("Previous run date: 2026-11-20.");
    // Charts: one funnel, one drops, one splits, two histograms.
    assertThat(count(html, "<svg ")).isEqualTo(5);
    assertThat(html).contains("aria-label=\"Instruction length\"").contains("instruction length (words)");
    // The near-duplicate pair dropped at 0.7000000000000001 (threshold 0.7) never reads as 0.7000.
    assertThat(html).contains("<td class=\"num\">0.7000000000000001</td>").doesNotContain(">0.7000<");
  }

  @Test
  void pageIsSelfContained() throws IOException {
    String html = HtmlReport.render(full()).toLowerCase(java.util.Locale.ROOT);
    assertThat(html)
        .doesNotContain("<script")
        .doesNotContain("@import")
        .doesNotContain("url(")
        .doesNotContain("http://")
        .doesNotContain("https://")
        .doesNotContain("<link")
        .doesNotContain("<img")
        .doesNotContain("<iframe")
        .doesNotContain("src=")
        .doesNotContain("href=")
        .contains("content-security-policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"");
  }

  @Test
  void everyTextFromTheReportIsEscaped() throws IOException {
    ObjectNode report = full();
    report.put("recipe", "<script>alert(\"x\")</script>");
    String html = HtmlReport.render(report);
    assertThat(html)
        .doesNotContain("<script")
        .contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")
        .contains("sentiment &lt;positive &amp; &quot;negative&quot;&gt;")
        .contains("task &lt;b&gt;x&lt;/b&gt; has no eval rows")
        .doesNotContain("<b>x</b>");
  }

  @Test
  void minimalReportOmitsMissingSections() {
    String html = HtmlReport.render(minimal());
    assertThat(html).contains("<h1>curate <span class=\"date\">2026-11-21</span></h1>");
    assertThat(html).doesNotContain("<section").doesNotContain("<svg").doesNotContain("badge ");
  }

  @Test
  void emptyAndNullSectionsAreOmittedToo() throws IOException {
    ObjectNode report = minimal();
    report.putArray("funnel");
    report.putArray("drops");
    report.putObject("splits");
    report.putNull("llm");
    report.putObject("comparison").put("previous_run_date", "2026-11-20");
    report.putArray("warnings");
    report.put("status", "complete");
    String html = HtmlReport.render(report);
    assertThat(html).doesNotContain("<section").contains("<span class=\"badge ok\">COMPLETE</span>");
  }

  @Test
  void partialRowsRenderWithBlanks() throws IOException {
    JsonNode report =
        JSON.readTree(
            "{\"run_id\":\"r\",\"recipe\":\"x\",\"run_date\":\"d\","
                + "\"funnel\":[{\"stage\":\"load\",\"rows_in\":10}],"
                + "\"histograms\":[{\"name\":\"empty\",\"bins\":[]}]}");
    String html = HtmlReport.render(report);
    assertThat(html)
        .contains("<tr><td>load</td><td class=\"num\">10</td><td class=\"num\"></td>")
        .contains(">No data</text>");
  }

  @Test
  void requiredKeysAreNamed() {
    ObjectNode report = minimal();
    report.remove("recipe");
    report.remove("run_date");
    assertThatThrownBy(() -> HtmlReport.render(report))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("report.json lacks required key(s) [recipe, run_date]; present keys: [run_id]");
    assertThatThrownBy(() -> HtmlReport.render(JSON.createArrayNode()))
        .hasMessage("report.json must be a JSON object, got array");
  }

  private static int count(String text, String needle) {
    Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int n = 0;
    while (matcher.find()) {
      n++;
    }
    return n;
  }

  @Test
  void anExpandingStageShowsTheRejectsCountNotANegativeDrop() throws Exception {
    JsonNode r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        "{\"run_id\":\"r\",\"recipe\":\"self-instruct\",\"run_date\":\"2026-11-21\",\"funnel\":["
            + "{\"stage\":\"instances\",\"rows_in\":64,\"rows_out\":221,\"dropped\":4,\"elapsed_ms\":189}]}");
    String html = HtmlReport.render(r);
    org.assertj.core.api.Assertions.assertThat(html).doesNotContain("-157").contains(">4<");
  }

  static ObjectNode zeroKept() throws IOException {
    try (InputStream in = HtmlReportTest.class.getResourceAsStream("/report/report-zero-kept.json")) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  @Test
  void aNightThatKeptNothingLeadsWithErrorAlertsNotAGreenBadge() throws IOException {
    String html = HtmlReport.render(zeroKept());
    Files.writeString(Path.of("target", "report-zero-kept.html"), html, StandardCharsets.UTF_8);
    assertThat(html).doesNotContain("badge ok").contains("<span class=\"badge warn\">COMPLETE</span>")
        .contains("<span class=\"badge bad\">3 ALERTS</span>");
    int alerts = html.indexOf("<section id=\"warnings\">");
    assertThat(alerts).isPositive().isLessThan(html.indexOf("aria-label=\"Summary\"")).isLessThan(html.indexOf("id=\"funnel\""));
    assertThat(html)
        .contains("<strong>Error:</strong> Stage post-filter kept 0 of 100 rows; dropped as instruction_too_short 70, "
            + "blacklisted_keyword 30 (see Examples below and the rejects table).")
        .contains("<strong>Error:</strong> This night kept no rows out of 175 input rows.")
        .contains("LLM cost unknown: model stories260K has no price in llm.prices");
  }

  @Test
  void anUnknownCostIsNeverShownAsZeroDollars() throws IOException {
    String html = HtmlReport.render(zeroKept());
    assertThat(html).doesNotContain("$0.0000").doesNotContain("$0.00")
        .contains("<div class=\"card-label\">LLM cost</div><div class=\"card-value\">unknown</div>")
        .contains("<tr><th scope=\"row\">Cost</th><td class=\"num\">unknown (no price for model stories260K)</td></tr>")
        // a field this page does not know (a newer job's) is shown by its key, null as unknown
        .contains("<tr><th scope=\"row\">Provider credit usd</th><td class=\"num\">unknown</td></tr>");
    // the same with the cost simply missing, as older reports or an unpriced-model ledger may have it
    ObjectNode r = zeroKept();
    ObjectNode llm = (ObjectNode) r.get("llm");
    llm.remove(java.util.List.of("cost_usd", "cost_known", "unpriced_models"));
    assertThat(HtmlReport.render(r)).doesNotContain("$0.0000").contains("<div class=\"card-value\">unknown</div>");
  }

  @Test
  void roundsExamplesLatencyAndTimestampsToTheSecond() throws IOException {
    String html = HtmlReport.render(zeroKept());
    assertThat(html).contains("<section id=\"rounds\">").contains("<tr class=\"flagged\"><td>3</td>")
        .contains("aria-label=\"Per-round counts\"")
        .contains("<dt>Started</dt><dd>2026-11-21 02:15:00 UTC</dd>").contains("<dd>2026-11-21 02:19:41 UTC</dd>")
        .doesNotContain("123456789")
        .contains("Once upon a &lt;time&gt;")
        .contains("<code>Lily was a little girl who liked to play</code>")
        .contains("<th class=\"num\">Latency p50</th>").contains("<td class=\"num\">14.2 s</td><td class=\"num\">19.8 s</td>");
  }

  @Test
  void nearDuplicatePairsShowTheKeptRowAndTheScore() throws IOException {
    ObjectNode r = minimal();
    ObjectNode pair = r.putArray("near_duplicates").addObject();
    pair.put("score", 0.7273);
    pair.put("dup_of", "abc");
    pair.putObject("dropped").put("instruction", "Give three tips for staying healthy.");
    pair.putObject("kept").put("instruction", "Give 3 tips for staying healthy!").put("run_date", "2026-11-20");
    ObjectNode ref = r.withArray("near_duplicates").addObject();
    ref.put("score", 0.9);
    ref.putObject("dropped").put("instruction", "x");
    ref.putObject("kept").put("reference", "reference seed task seed_task_3");
    String html = HtmlReport.render(r);
    assertThat(html).contains("<td class=\"num\">0.7273</td><td class=\"text\">Give three tips for staying healthy.</td>"
        + "<td class=\"text\">Give 3 tips for staying healthy!<div class=\"muted\">kept 2026-11-20 · abc</div></td>")
        .contains("<span class=\"muted\">reference seed task seed_task_3</span>");
  }

  @Test
  void tasksBeyondTwentyAreCollapsedIntoOneRow() {
    ObjectNode r = minimal();
    var tasks = r.putArray("tasks");
    for (int i = 1; i <= 63; i++) {
      tasks.addObject().put("task_name", "synth_" + i).put("cluster", "general").put("train", i).put("eval", 0).put("eval_unseen", 0);
    }
    String html = HtmlReport.render(r);
    assertThat(count(html, "<td>synth_")).isEqualTo(20);
    assertThat(html).contains("<td>synth_63</td>").contains("<td>synth_44</td>").doesNotContain("<td>synth_43</td>")
        // 43 more tasks of 1..43 rows: 946 rows
        .contains("<tr class=\"more\"><td colspan=\"2\">43 more tasks, 946 rows</td>")
        .contains("<tfoot><tr><td colspan=\"2\">Total</td><td class=\"num\">2,016</td>");
  }

  @Test
  void skippedComparisonMetricsSayWhy() {
    ObjectNode r = minimal();
    ObjectNode m = r.putObject("comparison").putArray("metrics").addObject();
    m.put("name", "LLM tokens (new calls)");
    m.put("flag", false);
    m.put("skipped", "not compared: the ledger answered 100 % of this night's requests");
    assertThat(HtmlReport.render(r)).contains("<td colspan=\"5\" class=\"muted\">not compared: the ledger answered 100 %")
        .doesNotContain("FLAGGED");
  }

  @Test
  void dropsFollowThePipelineAndAGeneratingRunIsNotShownAsAShareAbove100Percent() throws IOException {
    JsonNode report;
    try (InputStream in = HtmlReportTest.class.getResourceAsStream("/report/report-self-instruct.json")) {
      report = JSON.readTree(in);
    }
    String html = HtmlReport.render(report);
    String drops = html.substring(html.indexOf("<h2>Drops</h2>"), html.indexOf("</section>", html.indexOf("<h2>Drops</h2>")));
    assertThat(drops.indexOf("<td>generate</td>")).isPositive().isLessThan(drops.indexOf("<td>post-filter</td>"));
    assertThat(drops.indexOf("<td>post-filter</td>")).isLessThan(drops.indexOf("<td>classify</td>"));
    assertThat(drops.indexOf("<td>classify</td>")).isLessThan(drops.indexOf("<td>instance-filter</td>"));
    String examples = html.substring(html.indexOf("<h3>Dropped</h3>"));
    assertThat(examples.indexOf("<strong>generate</strong>")).isLessThan(examples.indexOf("<strong>classify</strong>"));
    assertThat(html).contains("made from 105 input rows").doesNotContain("% of input");
  }
}
