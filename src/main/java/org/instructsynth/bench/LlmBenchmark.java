package org.instructsynth.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.core.prompt.ChatMessage;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.PartitionCaller;
import org.instructsynth.llm.Sampling;
import org.instructsynth.llm.SimulatedLlmServer;
import org.instructsynth.llm.SimulatorSettings;
import org.instructsynth.pipeline.llm.LlmStage;

/**
 * Benchmark of the LLM stage against the SIMULATED endpoint (jobs/bench-llm.sh): 200 ms - 2 s
 * latency and 10 % injected faults. Scenario "rpm" makes the request budget bind (10 % 5xx),
 * "rpm+429" the same with 5 % 429 + 5 % 5xx (AIMD deliberately backs off on 429s), "latency"
 * makes max-in-flight / latency bind (5 % 429 + 5 % 5xx). Prints one table row per scenario.
 *
 * <p>Arguments: {@code [requests per scenario, default 400] [rpm, default 600] [max-in-flight for
 * the latency scenario, default 16]}.
 */
public final class LlmBenchmark {
  private LlmBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    double rpm = args.length > 1 ? Double.parseDouble(args[1]) : 600;
    int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    SparkSession spark = SparkSession.builder().appName("bench-llm").master("local[2]")
        .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2").config("spark.sql.adaptive.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Path out = Files.createTempDirectory("bench-llm");
    List<String> table = new ArrayList<>();
    table.add(String.format(Locale.ROOT, "%-8s %6s %9s %9s %9s %7s %7s %6s %6s %9s %6s %7s",
        "scenario", "calls", "target/s", "http/s", "ok/s", "ratio", "wall_s", "429s", "retry", "cpu_ms/c", "lost", "rerun"));
    // warm-up: JIT-compile the client so the CPU column measures steady state
    run(spark, out, "warmup", 100, 1e6, 32, 0.0, 0.0, 9);
    table.add(run(spark, out, "rpm", n, rpm, 64, 0.0, 0.10, 1));
    table.add(run(spark, out, "rpm+429", Math.max(20, n / 4), rpm, 64, 0.05, 0.05, 3));
    table.add(run(spark, out, "latency", n, 1e6, inFlight, 0.05, 0.05, 2));
    System.out.println();
    table.forEach(System.out::println);
    System.out.println("target/s: rpm/60, or max-in-flight / mean latency (1.1 s); http/s: attempts arriving at the endpoint per second "
        + "while calling; ok/s: successful calls per second of stage wall time; ratio = http/s / target/s; cpu_ms/c: CPU of our client "
        + "per call (ThreadMXBean, worker threads); lost: requests without a ledger row; rerun: calls made by an identical rerun");
    spark.stop();
    System.exit(0);
  }

  private static String run(SparkSession spark, Path out, String binds, int n, double rpm, int inFlight, double rate429, double rate5xx, long seed) {
    SimulatorSettings sim = new SimulatorSettings(Duration.ofMillis(200), Duration.ofMillis(2000), rate429, rate5xx, Duration.ofMillis(500), seed, "");
    LlmSettings settings = LlmSettings.defaults().toBuilder().model("bench-model").requestsPerMinute(rpm).tokensPerMinute(1e9)
        .maxInFlight(inFlight).partitions(2).simulator(sim).backoffBase(Duration.ofMillis(250)).backoffCap(Duration.ofSeconds(4)).build();
    StructType schema = new StructType().add("request_key", DataTypes.StringType).add("stage", DataTypes.StringType).add("request", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      LlmRequest r = LlmRequest.chat("bench-model", List.of(ChatMessage.user("Explain topic " + i + " briefly.")), Sampling.defaults().withMaxTokens(256), 0);
      rows.add(RowFactory.create(r.requestKey(), "bench", r.canonicalJson()));
    }
    Dataset<Row> requests = spark.createDataFrame(rows, schema);
    LlmStage.Options options = new LlmStage.Options(settings, out.resolve(binds).toString(), "2026-01-01", "bench", "parquet");
    SimulatedLlmServer server = SimulatedLlmServer.shared(sim);
    long[] cpuBefore = PartitionCaller.cpuNanosAndCalls();
    long start = System.nanoTime();
    LlmStage.Result result = LlmStage.run(spark, requests, options);
    double wall = (System.nanoTime() - start) / 1e9;
    long[] cpuAfter = PartitionCaller.cpuNanosAndCalls();
    double httpRate = server.arrivalRatePerSecond();
    long httpCalls = server.requestCount();
    long lost = n - result.rows().filter("status = 'ok'").count();
    LlmStage.Result rerun = LlmStage.run(spark, requests, options);
    long rerunCalls = server.requestCount() - httpCalls;
    double target = binds.startsWith("rpm") ? rpm / 60.0 : inFlight / 1.1;
    double cpuMsPerCall = (cpuAfter[0] - cpuBefore[0]) / 1e6 / Math.max(1, cpuAfter[1] - cpuBefore[1]);
    return String.format(Locale.ROOT, "%-8s %6d %9.2f %9.2f %9.2f %6.1f%% %7.1f %6d %6d %9.3f %6d %7d",
        binds, n, target, httpRate, result.ok() / wall, 100 * httpRate / target, wall, result.rateLimited(), result.retries(), cpuMsPerCall,
        lost, rerunCalls + rerun.called());
  }
}
