package org.instructsynth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.config.ConfigLoader;
import org.instructsynth.config.JobConfig;
import org.instructsynth.core.io.Json;
import org.instructsynth.core.prompt.ChatMessage;
import org.instructsynth.job.Job;
import org.instructsynth.job.RunResult;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.PartitionCaller;
import org.instructsynth.pipeline.StageStats;
import org.instructsynth.pipeline.llm.LlmStage;

/**
 * {@code jobs/bench-scale.sh}: (a) {@code curate} end to end on N instruction records made by
 * perturbing the Alpaca instructions (inputs and outputs kept); (b) a whole {@code self-instruct}
 * run against the simulated endpoint sized to make about M LLM calls, then the same run again (the
 * ledger answers every request); (c) optionally the LLM stage alone with K requests. All in the
 * session's master (local[2] from the script). Prints a table of wall time, peak heap, rows/s per
 * stage and our CPU per LLM call.
 */
public final class ScaleBenchmark {
  private static final int PROMPTS_PER_ROUND = 2_000;

  private ScaleBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path data = Path.of("../shared/data");
    long rows = 1_000_000;
    long calls = 100_000;
    long stageCalls = 0;
    Path work = Path.of("target/bench");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(args[++i]);
        case "--rows" -> rows = Long.parseLong(args[++i].replace("_", ""));
        case "--calls" -> calls = Long.parseLong(args[++i].replace("_", ""));
        case "--stage-calls" -> stageCalls = Long.parseLong(args[++i].replace("_", ""));
        case "--work" -> work = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; use --data DIR --rows N --calls N --stage-calls N --work DIR");
      }
    }
    SparkSession spark = SparkSession.builder().appName("instruct-synth bench-scale")
        .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
        .config("spark.sql.debug.maxToStringFields", "200").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    List<String[]> table = new ArrayList<>();
    Path alpaca = data.resolve("alpaca_data.json");
    if (rows > 0) {
      if (Files.exists(alpaca)) {
        curate(spark, alpaca, rows, work, table);
      } else {
        System.out.println("SKIPPED curate: " + alpaca + " is absent (the shared data is not on this machine)");
      }
    }
    if (calls > 0) {
      selfInstruct(spark, data, calls, work, table);
    }
    if (stageCalls > 0) {
      llm(spark, stageCalls, work, table);
    }
    spark.stop();
    System.out.println();
    System.out.println(String.format(Locale.ROOT, "%-34s %12s %10s %12s  %s", "run", "rows/calls", "wall_s", "peak_heap_mb", "notes"));
    table.forEach(r -> System.out.println(String.format(Locale.ROOT, "%-34s %12s %10s %12s  %s", (Object[]) r)));
  }

  private static void curate(SparkSession spark, Path alpaca, long n, Path work, List<String[]> table) throws IOException {
    JsonNode base = Json.MAPPER.readTree(alpaca.toFile());
    List<String> instructions = new ArrayList<>();
    base.forEach(r -> instructions.add(r.path("instruction").asText()));
    Path input = work.resolve("alpaca-perturbed-" + n + ".jsonl");
    if (!Files.exists(input)) {
      Files.createDirectories(work);
      long t = System.nanoTime();
      try (BufferedWriter w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
        for (long i = 0; i < n; i++) {
          JsonNode src = base.get(Perturbation.baseIndex(i, instructions.size()));
          ObjectNode o = Json.MAPPER.createObjectNode();
          o.put("instruction", Perturbation.text(instructions, i));
          o.put("input", src.path("input").asText());
          o.put("output", src.path("output").asText());
          w.write(Json.MAPPER.writeValueAsString(o));
          w.write('\n');
        }
      }
      System.out.printf(Locale.ROOT, "wrote %,d perturbed records to %s in %.1f s%n", n, input, (System.nanoTime() - t) / 1e9);
    }
    JobConfig cfg = ConfigLoader.load(Path.of("conf/curate.yaml"), List.of(
        "input.path=" + input, "output.path=" + work.resolve("curate-out"), "run.date=2026-01-01",
        "dedup.earlier-runs=false", "report.compare-previous=false", "dedup.similarity-floor=0.7"));
    resetPeaks();
    long t0 = System.nanoTime();
    RunResult r = Job.run(cfg, spark);
    double wall = (System.nanoTime() - t0) / 1e9;
    long heap = peakHeapMb();
    long kept = r.rows("train") + r.rows("eval") + r.rows("eval_unseen");
    table.add(new String[] {"curate " + String.format(Locale.ROOT, "%,d", n) + " perturbed Alpaca",
        String.format(Locale.ROOT, "%,d", n), String.format(Locale.ROOT, "%.0f", wall), Long.toString(heap),
        String.format(Locale.ROOT, "kept %,d; near-dup drops %,d", kept, drops(r.report(), org.instructsynth.core.filter.ReasonCodes.NEAR_DUPLICATE))});
    stageRows(r, table);
  }

  /**
   * {@code conf/self-instruct.yaml} on Self-Instruct's 175 seed tasks (sample-data's seeds when the
   * shared data is absent), the simulator answering from the same seeds. Rounds of {@value
   * #PROMPTS_PER_ROUND} prompts; the target is a fifth of the call budget (each kept instruction
   * costs a classification and an instance call) and the rounds are capped at three fifths of it
   * plus one, so generation, classification and instance calls together land at or just above
   * {@code calls} (the simulator's recombined seeds saturate: later rounds keep a few hundred
   * instructions each). A second run of the same date must make no call.
   */
  private static void selfInstruct(SparkSession spark, Path data, long calls, Path work, List<String[]> table) {
    Path seeds = data.resolve("seed_tasks.jsonl");
    String seedNote = "175 Self-Instruct seed tasks";
    if (!Files.exists(seeds)) {
      seeds = Path.of("sample-data/seeds.jsonl");
      seedNote = "sample-data seeds (" + data.resolve("seed_tasks.jsonl") + " is absent)";
    }
    long rounds = calls * 3 / 5 / PROMPTS_PER_ROUND + 1;
    JobConfig cfg = ConfigLoader.load(Path.of("conf/self-instruct.yaml"), List.of(
        "input.path=" + seeds, "llm.simulator.seed-tasks=" + seeds,
        "output.path=" + work.resolve("self-instruct-out-" + System.nanoTime()), "run.date=2026-01-01",
        "self-instruct.prompts-per-round=" + PROMPTS_PER_ROUND, "self-instruct.max-rounds=" + rounds,
        "self-instruct.target-instructions=" + Math.max(1, calls / 5),
        "llm.requests-per-minute=10000000", "llm.max-in-flight=64", "llm.partitions=8",
        "report.compare-previous=false"));
    resetPeaks();
    long[] cpuBefore = PartitionCaller.cpuNanosAndCalls();
    long t0 = System.nanoTime();
    RunResult r = Job.run(cfg, spark);
    double wall = (System.nanoTime() - t0) / 1e9;
    long[] cpuAfter = PartitionCaller.cpuNanosAndCalls();
    long heap = peakHeapMb();
    JsonNode llm = r.report().path("llm");
    long made = llm.path("calls").asLong();
    double cpuMs = (cpuAfter[0] - cpuBefore[0]) / 1e6 / Math.max(1, cpuAfter[1] - cpuBefore[1]);
    long t1 = System.nanoTime();
    RunResult again = Job.run(cfg, spark);
    double rerunWall = (System.nanoTime() - t1) / 1e9;
    table.add(new String[] {"self-instruct, simulated endpoint", String.format(Locale.ROOT, "%,d", made),
        String.format(Locale.ROOT, "%.0f", wall), Long.toString(heap),
        String.format(Locale.ROOT, "%s; %,.0f calls/s; our CPU %.3f ms/call; status %s; examples %,d; "
                + "rerun: %d calls in %.0f s", seedNote, made / wall, cpuMs, r.status(),
            r.rows("train") + r.rows("eval"), again.report().path("llm").path("calls").asLong(), rerunWall)});
    stageRows(r, table);
  }

  static void stageRows(RunResult r, List<String[]> table) {
    for (StageStats s : r.stages()) {
      table.add(new String[] {"  stage " + s.stage(), String.format(Locale.ROOT, "%,d", s.rowsIn()),
          String.format(Locale.ROOT, "%.1f", s.elapsedMs() / 1000.0), "",
          String.format(Locale.ROOT, "%,.0f rows/s", s.rowsIn() / Math.max(0.001, s.elapsedMs() / 1000.0))});
    }
  }

  private static long drops(JsonNode report, String reason) {
    long n = 0;
    for (JsonNode d : report.path("drops")) {
      if (reason.equals(d.path("reason").asText())) {
        n += d.path("rows").asLong();
      }
    }
    return n;
  }

  private static void llm(SparkSession spark, long n, Path work, List<String[]> table) {
    LlmSettings settings = LlmSettings.defaults().toBuilder()
        .requestsPerMinute(1e6).tokensPerMinute(1e9).maxInFlight(64).partitions(8)
        .calls(org.instructsynth.llm.CallOptions.defaults().withDriverMaxRequests(0)).build(); // the executors' path, 8 tasks
    StructType schema = new StructType().add("request_key", DataTypes.StringType).add("stage", DataTypes.StringType)
        .add("request", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      LlmRequest req = LlmRequest.chat(settings.model(),
          List.of(ChatMessage.user("Write a list of new and varied tasks:\n1. Task number " + i + "\n2.")),
          settings.sampling(), 0);
      rows.add(RowFactory.create(req.requestKey(), "instructions", req.canonicalJson()));
    }
    Dataset<Row> requests = spark.createDataFrame(rows, schema);
    LlmStage.Options options = new LlmStage.Options(settings, work.resolve("llm-out-" + System.nanoTime()).toString(),
        "2026-01-01", "bench", "parquet");
    resetPeaks();
    long[] cpuBefore = PartitionCaller.cpuNanosAndCalls();
    long t0 = System.nanoTime();
    LlmStage.Result result = LlmStage.run(spark, requests, options);
    double wall = (System.nanoTime() - t0) / 1e9;
    long[] cpuAfter = PartitionCaller.cpuNanosAndCalls();
    double cpuMs = (cpuAfter[0] - cpuBefore[0]) / 1e6 / Math.max(1, cpuAfter[1] - cpuBefore[1]);
    long t1 = System.nanoTime();
    LlmStage.Result rerun = LlmStage.run(spark, requests, options);
    double rerunWall = (System.nanoTime() - t1) / 1e9;
    table.add(new String[] {"LLM stage, simulated endpoint", String.format(Locale.ROOT, "%,d", n),
        String.format(Locale.ROOT, "%.0f", wall), Long.toString(peakHeapMb()),
        String.format(Locale.ROOT, "%,.0f calls/s; our CPU %.3f ms/call; ok %,d failed %,d; rerun: %d calls in %.0f s",
            result.called() / wall, cpuMs, result.ok(), result.failed(), rerun.called(), rerunWall)});
  }

  /** The most heap in use at any sample since {@link #resetPeaks()}; sampled every 50 ms. */
  private static final java.util.concurrent.atomic.AtomicLong PEAK_USED = new java.util.concurrent.atomic.AtomicLong();

  static {
    Thread sampler = new Thread(() -> {
      while (true) {
        PEAK_USED.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-peak-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  static void resetPeaks() {
    System.gc();
    PEAK_USED.set(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
  }

  /**
   * Peak heap in use (MB), sampled: at most the heap's maximum. (The sum of each pool's own peak,
   * which this replaced, adds peaks reached at different times and could exceed -Xmx.)
   */
  static long peakHeapMb() {
    return PEAK_USED.get() / (1024 * 1024);
  }
}
