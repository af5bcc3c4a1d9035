package org.instructsynth.pipeline;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.instructsynth.core.report.Llm;
import org.instructsynth.core.report.Report;
import org.instructsynth.core.report.ReportBuilder;
import org.instructsynth.core.text.PythonText;

/**
 * Builds {@code report.json} from the tables as written (never from accumulators): rows per split and
 * task, drops per stage and reason, and length histograms are queries over this run's partitions. The
 * funnel's row counts were measured stage by stage while the run went; the report checks them against
 * the written data and adds a warning if they disagree. The report is the typed model of
 * {@code core.report} ({@link ReportBuilder}); Jackson writes it.
 */
public final class RunReport {
  public static final List<String> SPLITS = List.of("train", "eval", "eval_unseen");
  /** Python's {@code len(s.split())} of a text column, 0 for null ({@link PythonText#wordCount}). */
  private static final UserDefinedFunction WORDS = org.apache.spark.sql.functions.udf(new WordCount(), DataTypes.IntegerType);

  private RunReport() {}

  /**
   * The report of the written tables; the caller adds the LLM usage, comparison, exports, publish step and
   * alerts, and sets the times ({@link ReportBuilder#times}) when the run ends.
   */
  public static ReportBuilder build(
      RunContext ctx, OutputWriter writer, List<StageStats> stats, Map<String, String> tables,
      String status, List<String> warnings) {
    ReportBuilder r = new ReportBuilder()
        .run(ctx.runId(), ctx.config().recipe(), ctx.runDate(), status)
        .simulatedLlm(false)
        .io(new Report.Input(List.copyOf(ctx.config().input().paths())),
            new Report.Output(ctx.config().output().path(), ctx.config().output().format(), new LinkedHashMap<>(tables)));

    Dataset<Row> examples = null;
    for (String s : SPLITS) {
      Dataset<Row> d = writer.read(s, Columns.EXAMPLE);
      examples = examples == null ? d : examples.unionByName(d);
    }
    Dataset<Row> rejects = writer.read("rejects", Columns.REJECT);

    // Drops per stage and reason, from the written rejects partition.
    Map<String, Long> dropsByStage = new LinkedHashMap<>();
    List<Report.Drop> drops = new ArrayList<>();
    for (Row row : rejects.groupBy("stage", "reason").agg(count(lit(1)).as("rows"))
        .orderBy("stage", "reason").collectAsList()) {
      Report.Drop drop = new Report.Drop(row.getAs("stage"), row.getAs("reason"), row.<Long>getAs("rows"));
      drops.add(drop);
      dropsByStage.merge(drop.stage(), drop.rows(), Long::sum);
    }

    // Rows per split and per task, from the written example partitions.
    Map<String, Long> splitCounts = new LinkedHashMap<>();
    SPLITS.forEach(s -> splitCounts.put(s, 0L));
    List<Report.Task> tasks = new ArrayList<>();
    Column[] perSplit = SPLITS.stream()
        .map(s -> sum(when(col("split").equalTo(s), 1).otherwise(0)).as(s)).toArray(Column[]::new);
    for (Row row : examples.groupBy(coalesce(col("task_name"), lit("(none)")).as("task"),
            coalesce(col("cluster"), lit("")).as("cluster"))
        .agg(perSplit[0], perSplit[1], perSplit[2]).orderBy("task").collectAsList()) {
      tasks.add(new Report.Task(row.getAs("task"), row.getAs("cluster"), row.<Long>getAs(SPLITS.get(0)),
          row.<Long>getAs(SPLITS.get(1)), row.<Long>getAs(SPLITS.get(2))));
      for (String split : SPLITS) {
        splitCounts.merge(split, row.<Long>getAs(split), Long::sum);
      }
    }
    long written = splitCounts.values().stream().mapToLong(Long::longValue).sum();

    List<Report.FunnelStage> funnel = new ArrayList<>();
    for (StageStats s : stats) {
      funnel.add(new Report.FunnelStage(s.stage(), s.rowsIn(), s.rowsOut(), dropsByStage.getOrDefault(s.stage(), 0L),
          s.elapsedMs()));
    }
    List<String> warn = new ArrayList<>(warnings);
    if (!stats.isEmpty() && stats.get(stats.size() - 1).rowsOut() != written) {
      warn.add(String.format(Locale.ROOT,
          "the last stage kept %d rows but %d were written to train, eval and eval_unseen",
          stats.get(stats.size() - 1).rowsOut(), written));
    }
    return r.rows(drops, tasks, splitCounts, funnel)
        .warn(warn)
        .samples(ReportSamples.examples(examples, rejects), ReportSamples.nearDuplicates(rejects, allExamples(writer)))
        .histograms(List.of(
            histogram(examples, "instruction", "instruction length"),
            histogram(examples, "input", "input length"),
            histogram(examples, "output", "output length")));
  }

  /** Every date's kept rows (earlier nights' rows are dedup references too). */
  private static Dataset<Row> allExamples(OutputWriter writer) {
    Dataset<Row> all = null;
    for (String s : SPLITS) {
      Dataset<Row> d = writer.readAllDates(s, Columns.EXAMPLE);
      all = all == null ? d : all.unionByName(d);
    }
    return all;
  }

  /**
   * The report's {@code llm} object: the run's totals ({@code usage}) with what the LLM recipes know beyond
   * them: latency and HTTP 429s per stage from the ledger, the models called and whether each has a price,
   * {@code cost_known} (false when a model called has no price: its calls cost is unknown, not $0) and
   * {@code cost_per_kept_example}.
   */
  public static Llm llm(RunContext ctx, Instant started, Llm usage, long keptRows) {
    LedgerStats.Stats stats = LedgerStats.of(ctx, started);
    Map<String, LedgerStats.StageLatency> latency = new LinkedHashMap<>();
    stats.stages().forEach(s -> latency.put(s.stage(), s));
    List<Llm.Stage> byStage = new ArrayList<>();
    for (Llm.Stage s : Report.list(usage.byStage())) {
      LedgerStats.StageLatency l = latency.get(s.stage());
      byStage.add(l == null ? s : s.withLatency(l.p50Ms(), l.p95Ms(), l.maxMs(), l.final429()));
    }
    Set<String> models = new TreeSet<>(stats.models());
    if (models.isEmpty() && Report.n(usage.calls()) > 0) {
      models.add(ctx.config().llm().model());
    }
    List<String> unpriced = new ArrayList<>();
    for (String m : models) {
      if (m != null && !ctx.config().llm().prices().containsKey(m)) {
        unpriced.add(m);
      }
    }
    boolean known = unpriced.isEmpty() && usage.costUsd() != null;
    Double perKept = known && keptRows > 0 ? usage.costUsd() / keptRows : null;
    return usage.withDetails(byStage, unpriced, new ArrayList<>(models), known, perKept);
  }

  /** A recipe's per-round counts for the report's {@code rounds}. */
  public static List<Report.Round> rounds(List<RoundStats> rounds) {
    return rounds.stream().map(r -> new Report.Round((long) r.round(), r.prompts(), r.generated(), r.candidates(),
        r.kept(), r.pool())).toList();
  }

  /**
   * Word-count histogram of one text column with about 20 bins of a round width. Words are Python's
   * {@code s.split()} ({@link PythonText#wordCount}): a no-break space separates words as in the rules.
   */
  static Report.Histogram histogram(Dataset<Row> examples, String column, String name) {
    Dataset<Row> w = examples.select(WORDS.apply(col(column)).as("w"));
    Row m = w.agg(max(col("w"))).first();
    List<Report.Bin> bins = new ArrayList<>();
    if (m.isNullAt(0)) {
      return new Report.Histogram(name, "words", bins);
    }
    int maxWords = m.getInt(0);
    long width = roundWidth(Math.max(1, (maxWords + 1) / 20.0));
    Map<Long, Long> counts = new LinkedHashMap<>();
    for (Row row : w.groupBy(floor(col("w").divide(width)).as("b")).agg(count(lit(1)).as("n")).collectAsList()) {
      counts.put(row.getAs("b"), row.getAs("n"));
    }
    long last = maxWords / width;
    for (long b = 0; b <= last; b++) {
      bins.add(new Report.Bin(b * width, (b + 1) * width, counts.getOrDefault(b, 0L)));
    }
    return new Report.Histogram(name, "words", bins);
  }

  /** {@link PythonText#wordCount} as a Spark function; 0 for null. */
  static final class WordCount implements UDF1<String, Integer> {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer call(String text) {
      return text == null ? 0 : PythonText.wordCount(text);
    }
  }

  /** The smallest of 1, 2, 5, 10, 20, 50, ... that is at least {@code raw}. */
  static long roundWidth(double raw) {
    long base = 1;
    while (true) {
      for (long m : new long[] {1, 2, 5}) {
        if (base * m >= raw) {
          return base * m;
        }
      }
      base *= 10;
    }
  }
}
