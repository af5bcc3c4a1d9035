package org.instructsynth.core.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.instructsynth.core.report.Report.Bin;
import org.instructsynth.core.report.Report.Drop;
import org.instructsynth.core.report.Report.FunnelStage;
import org.instructsynth.core.report.Report.Histogram;
import org.instructsynth.core.report.Report.Metric;

/**
 * Reports built from the model the way the job builds them ({@link ReportBuilder}, as {@code pipeline.RunReport},
 * {@code pipeline.llm.LlmUsage} and {@code job.Job} do), with today's stage names, reason codes and fields.
 */
public final class ReportFixtures {

  private ReportFixtures() {}

  /**
   * A large partial distill night with every section: a funnel with the dedup stages, drops with the registry's
   * reason codes, two tasks (one name with markup), histograms, the LLM totals and stages, a comparison with a
   * flagged metric, warnings (one with markup), examples, a near-duplicate pair, exports and the publish step.
   */
  public static Report full() {
    Map<String, String> tables = new LinkedHashMap<>();
    tables.put("train", "out/train/run_date=2026-11-21");
    tables.put("eval", "out/eval/run_date=2026-11-21");
    tables.put("eval_unseen", "out/eval_unseen/run_date=2026-11-21");
    tables.put("rejects", "out/rejects/run_date=2026-11-21");
    tables.put("llm_calls", "out/llm_calls");
    Map<String, Long> splits = new LinkedHashMap<>();
    splits.put("train", 549_000L);
    splits.put("eval", 61_000L);
    splits.put("eval_unseen", 0L);
    List<Drop> drops = List.of(
        new Drop("dedup-rouge", "near_duplicate", 340_000L),
        new Drop("filter", "assistant_chatter", 40_000L),
        new Drop("filter", "blocklisted_keyword", 90_000L),
        new Drop("filter", "instruction_too_short", 120_000L),
        new Drop("load", "malformed_input", 34_567L));
    List<FunnelStage> funnel = List.of(
        new FunnelStage("load", 1_234_567L, 1_200_000L, 34_567L, 900L),
        new FunnelStage("answer", 1_200_000L, 1_200_000L, 0L, 55_000L),
        new FunnelStage("filter", 1_200_000L, 950_000L, 250_000L, 300L),
        new FunnelStage("dedup-exact", 950_000L, 950_000L, 0L, 4_000L),
        new FunnelStage("dedup-rouge", 950_000L, 610_000L, 340_000L, 65_000L),
        new FunnelStage("split", 610_000L, 610_000L, 0L, 1_200L));
    List<Report.Task> tasks = List.of(
        new Report.Task("grammar_correction", "rewriting", 20_000L, 4_000L, 0L),
        new Report.Task("sentiment <positive & \"negative\">", "classification", 529_000L, 57_000L, 0L));
    List<Histogram> histograms = List.of(
        new Histogram("instruction length", "words", List.of(new Bin(0L, 10L, 5_000L), new Bin(10L, 20L, 320_000L),
            new Bin(20L, 30L, 210_000L), new Bin(30L, 40L, 0L), new Bin(40L, 50L, 75_000L))),
        new Histogram("output length", "words", List.of(new Bin(0L, 50L, 400_000L), new Bin(50L, 100L, 150_000L),
            new Bin(100L, 150L, 60_000L))));
    Report.ReportExamples examples = new Report.ReportExamples(
        List.of(new Report.Row("0a1b", "grammar_correction", "train", "Fix the grammar.", "he go home", "He goes home.",
            null, null, null)),
        List.of(new Report.DropGroup("filter", "instruction_too_short",
            List.of(new Report.Row(null, null, null, "Hi", "", "Hello!", "1 word < 3", null, "sample-data/extra.json:7")))));
    List<Report.NearDuplicate> pairs = List.of(new Report.NearDuplicate(0.7000000000000001, "9f8e",
        new Report.Row(null, null, null, "Give three tips for staying healthy.", null, null, null, null, null),
        new Report.Kept("Give 3 tips for staying healthy!", null, null, "2026-11-20", null)));
    Llm llm = new Llm(15_000L, 12_000L, 3_000L, 2L, 0L, 5L, 0L, 1_000_000L, 5_000_000L, 12.5, null, 0L, 0L, 20.0, 12.5,
        62.5, null, true,
        List.of(new Llm.Stage("answer", 9_000L, 3_000L, 6_000L, 1L, 500_000L, 2_500_000L, 0L, 3L, 6.25, null,
                1_200L, 3_400L, 9_000L, 0L, null),
            new Llm.Stage("judge", 6_000L, 0L, 6_000L, 1L, 500_000L, 2_500_000L, 0L, 2L, 0.0625, null,
                800L, 1_500L, 4_000L, 0L, null)),
        List.of(), List.of("gpt-4o-mini"), true, 12.5 / 610_000, null);
    Report.Comparison comparison = new Report.Comparison("2026-11-20", "20261120T054400Z-distill-99aa", List.of(
        new Metric("rows kept", 500_000L, 610_000L, false, null),
        new Metric("drop ratio", 0.31, 0.51, true, null)));
    return new ReportBuilder()
        .run("20261121T054400Z-distill-1a2b", "distill", "2026-11-21", "partial")
        .times(Instant.parse("2026-11-21T05:44:00Z"), Instant.parse("2026-11-21T05:46:03.456Z"))
        .simulatedLlm(true)
        .io(new Report.Input(List.of("sample-data/instructions.jsonl", "sample-data/extra.json")),
            new Report.Output("out", "parquet", tables))
        .rows(drops, tasks, splits, funnel)
        .warn(List.of("llm.budget-usd stopped LLM calls: this run is partial; rerun the date with a higher budget to "
            + "finish (calls already made are not paid again)", "task <b>x</b> has no eval rows"))
        .samples(examples, pairs)
        .histograms(histograms)
        .llm(llm, List.of())
        .comparison(comparison)
        .exports(new Report.Exports("out/exports", List.of(new Report.ExportFile("messages", "train", 549_000L,
            "messages/run_date=2026-11-21/train.jsonl")), 0L, List.of("messages/run_date=2026-11-21")))
        .publish(new Report.Publish(7L, 41_000L, 900L))
        .build();
  }
}
