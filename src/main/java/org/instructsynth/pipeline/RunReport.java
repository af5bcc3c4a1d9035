package org.instructsynth.pipeline;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code report.json} from the tables as written (never from accumulators): rows per split and
 * task, drops per stage and reason, and length histograms are queries over this run's partitions. The
 * funnel's row counts were measured stage by stage while the run went; the report checks them against
 * the written data and adds a warning if they disagree.
 */
public final class RunReport {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  public static final List<String> SPLITS = List.of("train", "eval", "eval_unseen");

  private RunReport() {}

  public static ObjectNode build(
      RunContext ctx, OutputWriter writer, List<StageStats> stats, Map<String, String> tables,
      Instant started, Instant finished, String status, List<String> warnings) {
    ObjectNode r = JSON.objectNode();
    r.put("run_id", ctx.runId());
    r.put("recipe", ctx.config().recipe());
    r.put("run_date", ctx.runDate());
    r.put("status", status);
    r.put("started_at", started.truncatedTo(ChronoUnit.SECONDS).toString());
    r.put("finished_at", finished.truncatedTo(ChronoUnit.SECONDS).toString());
    r.put("elapsed_ms", finished.toEpochMilli() - started.toEpochMilli());
    r.put("simulated_llm", false);
    ArrayNode inputPaths = r.putObject("input").putArray("paths");
    ctx.config().input().paths().forEach(inputPaths::add);
    ObjectNode out = r.putObject("output");
    out.put("path", ctx.config().output().path());
    out.put("format", ctx.config().output().format());
    ObjectNode tableNode = out.putObject("tables");
    tables.forEach(tableNode::put);

    Dataset<Row> examples = null;
    for (String s : SPLITS) {
      Dataset<Row> d = writer.read(s, Columns.EXAMPLE);
      examples = examples == null ? d : examples.unionByName(d);
    }
    Dataset<Row> rejects = writer.read("rejects", Columns.REJECT);

    // Drops per stage and reason, from the written rejects partition.
    Map<String, Long> dropsByStage = new LinkedHashMap<>();
    ArrayNode drops = r.putArray("drops");
    for (Row row : rejects.groupBy("stage", "reason").agg(count(lit(1)).as("rows"))
        .orderBy("stage", "reason").collectAsList()) {
      ObjectNode d = drops.addObject();
      d.put("stage", row.<String>getAs("stage"));
      d.put("reason", row.<String>getAs("reason"));
      d.put("rows", row.<Long>getAs("rows"));
      dropsByStage.merge(row.getAs("stage"), row.getAs("rows"), Long::sum);
    }

    // Rows per split and per task, from the written example partitions.
    Map<String, Long> splitCounts = new LinkedHashMap<>();
    SPLITS.forEach(s -> splitCounts.put(s, 0L));
    ArrayNode tasks = r.putArray("tasks");
    Column[] perSplit = SPLITS.stream()
        .map(s -> sum(when(col("split").equalTo(s), 1).otherwise(0)).as(s)).toArray(Column[]::new);
    for (Row row : examples.groupBy(coalesce(col("task_name"), lit("(none)")).as("task"),
            coalesce(col("cluster"), lit("")).as("cluster"))
        .agg(perSplit[0], perSplit[1], perSplit[2]).orderBy("task").collectAsList()) {
      ObjectNode t = tasks.addObject();
      t.put("task_name", row.<String>getAs("task"));
      t.put("cluster", row.<String>getAs("cluster"));
      for (int i = 0; i < SPLITS.size(); i++) {
        long n = row.getLong(2 + i);
        t.put(SPLITS.get(i), n);
        splitCounts.merge(SPLITS.get(i), n, Long::sum);
      }
    }
    ObjectNode splits = r.putObject("splits");
    splitCounts.forEach(splits::put);
    long written = splitCounts.values().stream().mapToLong(Long::longValue).sum();

    ArrayNode funnel = r.putArray("funnel");
    for (StageStats s : stats) {
      ObjectNode f = funnel.addObject();
      f.put("stage", s.stage());
      f.put("rows_in", s.rowsIn());
      f.put("rows_out", s.rowsOut());
      f.put("dropped", dropsByStage.getOrDefault(s.stage(), 0L));
      f.put("elapsed_ms", s.elapsedMs());
    }
    ArrayNode warn = r.putArray("warnings");
    warnings.forEach(warn::add);
    if (!stats.isEmpty() && stats.get(stats.size() - 1).rowsOut() != written) {
      warn.add(String.format(Locale.ROOT,
          "the last stage kept %d rows but %d were written to train, eval and eval_unseen",
          stats.get(stats.size() - 1).rowsOut(), written));
    }

    r.set("examples", ReportSamples.examples(examples, rejects));
    r.set("near_duplicates", ReportSamples.nearDuplicates(rejects, allExamples(writer)));

    ArrayNode hist = r.putArray("histograms");
    hist.add(histogram(examples, "instruction", "instruction length"));
    hist.add(histogram(examples, "input", "input length"));
    hist.add(histogram(examples, "output", "output length"));
    return r;
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
   * Adds what the LLM recipes know beyond the totals to the report's {@code llm} object (which must be set):
   * latency and HTTP 429s per stage from the ledger, the models called and whether each has a price,
   * {@code cost_known} (false when a model called has no price: its calls cost is unknown, not $0) and
   * {@code cost_per_kept_example}; and the recipe's per-round counts as {@code rounds}.
   */
  public static void addLlmDetails(ObjectNode report, RunContext ctx, Instant started, List<RoundStats> rounds) {
    ObjectNode llm = (ObjectNode) report.get("llm");
    LedgerStats.Stats stats = LedgerStats.of(ctx, started);
    Map<String, LedgerStats.StageLatency> latency = new LinkedHashMap<>();
    stats.stages().forEach(s -> latency.put(s.stage(), s));
    for (com.fasterxml.jackson.databind.JsonNode node : llm.withArray("by_stage")) {
      LedgerStats.StageLatency l = latency.get(node.path("stage").asText());
      if (l != null && node instanceof ObjectNode o) {
        o.put("latency_p50_ms", l.p50Ms());
        o.put("latency_p95_ms", l.p95Ms());
        o.put("latency_max_ms", l.maxMs());
        o.put("failed_429", l.final429());
      }
    }
    java.util.Set<String> models = new java.util.TreeSet<>(stats.models());
    if (models.isEmpty() && llm.path("calls").asLong(0) > 0) {
      models.add(ctx.config().llm().model());
    }
    ArrayNode unpriced = llm.putArray("unpriced_models");
    ArrayNode called = llm.putArray("models");
    for (String m : models) {
      called.add(m);
      if (m != null && !ctx.config().llm().prices().containsKey(m)) {
        unpriced.add(m);
      }
    }
    boolean known = unpriced.isEmpty() && llm.path("cost_usd").isNumber();
    llm.put("cost_known", known);
    long kept = report.path("splits").path("train").asLong(0) + report.path("splits").path("eval").asLong(0)
        + report.path("splits").path("eval_unseen").asLong(0);
    if (known && kept > 0) {
      llm.put("cost_per_kept_example", llm.path("cost_usd").asDouble() / kept);
    } else {
      llm.putNull("cost_per_kept_example");
    }
    if (!rounds.isEmpty()) {
      report.set("rounds", org.instructsynth.core.io.Json.MAPPER.valueToTree(rounds));
    }
  }

  /** Word-count histogram of one text column with about 20 bins of a round width. */
  static ObjectNode histogram(Dataset<Row> examples, String column, String name) {
    ObjectNode h = JSON.objectNode();
    h.put("name", name);
    h.put("unit", "words");
    ArrayNode bins = h.putArray("bins");
    Column words = when(trim(coalesce(col(column), lit(""))).equalTo(""), lit(0))
        .otherwise(size(split(trim(col(column)), "\\s+")));
    Dataset<Row> w = examples.select(words.as("w"));
    Row m = w.agg(max(col("w"))).first();
    if (m.isNullAt(0)) {
      return h;
    }
    int maxWords = m.getInt(0);
    long width = roundWidth(Math.max(1, (maxWords + 1) / 20.0));
    Map<Long, Long> counts = new LinkedHashMap<>();
    for (Row row : w.groupBy(floor(col("w").divide(width)).as("b")).agg(count(lit(1))).collectAsList()) {
      counts.put(row.getLong(0), row.getLong(1));
    }
    long last = maxWords / width;
    for (long b = 0; b <= last; b++) {
      ObjectNode bin = bins.addObject();
      bin.put("lo", b * width);
      bin.put("hi", (b + 1) * width);
      bin.put("count", counts.getOrDefault(b, 0L));
    }
    return h;
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
