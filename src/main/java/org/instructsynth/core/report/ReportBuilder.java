package org.instructsynth.core.report;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.instructsynth.core.report.Report.Alert;
import org.instructsynth.core.report.Report.Comparison;
import org.instructsynth.core.report.Report.Drop;
import org.instructsynth.core.report.Report.Exports;
import org.instructsynth.core.report.Report.FunnelStage;
import org.instructsynth.core.report.Report.Histogram;
import org.instructsynth.core.report.Report.Input;
import org.instructsynth.core.report.Report.NearDuplicate;
import org.instructsynth.core.report.Report.Output;
import org.instructsynth.core.report.Report.Publish;
import org.instructsynth.core.report.Report.ReportExamples;
import org.instructsynth.core.report.Report.Round;
import org.instructsynth.core.report.Report.Task;

/**
 * A {@link Report} put together step by step while a run ends: the tables' figures first, then the LLM
 * usage, the comparison with the previous night, the exports, the publish step and the alerts, each
 * derived from what came before ({@link #build()} at any step gives the report so far). Driver-side only.
 */
public final class ReportBuilder {
  private String runId;
  private String recipe;
  private String runDate;
  private String status;
  private String startedAt;
  private String finishedAt;
  private Long elapsedMs;
  private Boolean simulatedLlm;
  private Input input;
  private Output output;
  private List<Drop> drops;
  private List<Task> tasks;
  private Map<String, Long> splits;
  private List<FunnelStage> funnel;
  private List<String> warnings;
  private ReportExamples examples;
  private List<NearDuplicate> nearDuplicates;
  private List<Histogram> histograms;
  private Llm llm;
  private List<Round> rounds;
  private Publish publish;
  private Long comparisonsRows;
  private Comparison comparison;
  private Exports exports;
  private List<Alert> alerts;
  private Map<String, com.fasterxml.jackson.databind.JsonNode> other = new LinkedHashMap<>();

  /** A builder holding everything {@code report} holds. */
  public static ReportBuilder from(Report r) {
    ReportBuilder b = new ReportBuilder();
    b.runId = r.runId();
    b.recipe = r.recipe();
    b.runDate = r.runDate();
    b.status = r.status();
    b.startedAt = r.startedAt();
    b.finishedAt = r.finishedAt();
    b.elapsedMs = r.elapsedMs();
    b.simulatedLlm = r.simulatedLlm();
    b.input = r.input();
    b.output = r.output();
    b.drops = r.drops();
    b.tasks = r.tasks();
    b.splits = r.splits();
    b.funnel = r.funnel();
    b.warnings = r.warnings();
    b.examples = r.examples();
    b.nearDuplicates = r.nearDuplicates();
    b.histograms = r.histograms();
    b.llm = r.llm();
    b.rounds = r.rounds();
    b.publish = r.publish();
    b.comparisonsRows = r.comparisonsRows();
    b.comparison = r.comparison();
    b.exports = r.exports();
    b.alerts = r.alerts();
    b.other = new LinkedHashMap<>(r.other());
    return b;
  }

  public Report build() {
    return new Report(runId, recipe, runDate, status, startedAt, finishedAt, elapsedMs, simulatedLlm, input, output,
        drops, tasks, splits, funnel, warnings, examples, nearDuplicates, histograms, llm, rounds, publish,
        comparisonsRows, comparison, exports, alerts, new LinkedHashMap<>(other));
  }

  public ReportBuilder run(String runId, String recipe, String runDate, String status) {
    this.runId = runId;
    this.recipe = recipe;
    this.runDate = runDate;
    this.status = status;
    return this;
  }

  /** {@code started_at} and {@code finished_at} to the second, {@code elapsed_ms} between them to the millisecond. */
  public ReportBuilder times(Instant started, Instant finished) {
    this.startedAt = started.truncatedTo(ChronoUnit.SECONDS).toString();
    this.finishedAt = finished.truncatedTo(ChronoUnit.SECONDS).toString();
    this.elapsedMs = finished.toEpochMilli() - started.toEpochMilli();
    return this;
  }

  public ReportBuilder simulatedLlm(boolean simulated) {
    this.simulatedLlm = simulated;
    return this;
  }

  public ReportBuilder io(Input input, Output output) {
    this.input = input;
    this.output = output;
    return this;
  }

  public ReportBuilder rows(List<Drop> drops, List<Task> tasks, Map<String, Long> splits, List<FunnelStage> funnel) {
    this.drops = drops;
    this.tasks = tasks;
    this.splits = splits;
    this.funnel = funnel;
    return this;
  }

  /** Adds warnings after those already held. */
  public ReportBuilder warn(List<String> more) {
    List<String> all = new ArrayList<>(Report.list(warnings));
    all.addAll(more);
    this.warnings = all;
    return this;
  }

  public ReportBuilder samples(ReportExamples examples, List<NearDuplicate> nearDuplicates) {
    this.examples = examples;
    this.nearDuplicates = nearDuplicates;
    return this;
  }

  public ReportBuilder histograms(List<Histogram> histograms) {
    this.histograms = histograms;
    return this;
  }

  /** The {@code llm} object and the per-round counts (null or empty for a recipe without rounds). */
  public ReportBuilder llm(Llm llm, List<Round> rounds) {
    this.llm = llm;
    this.rounds = rounds == null || rounds.isEmpty() ? null : rounds;
    return this;
  }

  public ReportBuilder comparisonsRows(Long rows) {
    this.comparisonsRows = rows;
    return this;
  }

  public ReportBuilder comparison(Comparison comparison) {
    this.comparison = comparison;
    return this;
  }

  public ReportBuilder exports(Exports exports) {
    this.exports = exports;
    return this;
  }

  public ReportBuilder publish(Publish publish) {
    this.publish = publish;
    return this;
  }

  public ReportBuilder alerts(List<Alert> alerts) {
    this.alerts = alerts;
    return this;
  }
}
