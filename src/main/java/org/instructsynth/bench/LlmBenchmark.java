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
import org.instructsynth.pipeline.llm.LlmStage;

/**
 * Benchmark of the LLM stage's rate control (jobs/bench-llm.sh) against {@link
 * RateLimitedTestServer}, a loopback TEST SERVER enforcing a true RPM and TPM limit over a sliding
 * minute (429 with {@code retry-after-ms} and {@code x-ratelimit-*} headers), latency 200 ms - 2 s.
 * Each scenario runs the real LLM stage in local Spark ({@code llm.partitions} 8 over 2 cores,
 * one shared limiter per JVM):
 *
 * <ul>
 *   <li>{@code limit}: {@code llm.requests-per-minute} equals the provider's true limit; target
 *       admitted rate >= 95 % of the limit.
 *   <li>{@code 2x-high}: the budget is twice the true limit; target >= 90 % of the limit with 429s
 *       under 10 % of requests.
 *   <li>{@code free}: the provider's limit is far above the budget; target >= 95 % of the budget.
 * </ul>
 *
 * <p>Arguments: {@code [requests per scenario, default 1000] [rpm, default 600]}.
 */
public final class LlmBenchmark {
  private LlmBenchmark() {}

  private record Scenario(String name, double budgetRpm, long providerRpm, double target, double goal) {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    long rpm = args.length > 1 ? Long.parseLong(args[1]) : 600;
    SparkSession spark = SparkSession.builder().appName("bench-llm").master("local[2]")
        .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2").config("spark.sql.adaptive.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Path out = Files.createTempDirectory("bench-llm");
    List<String> table = new ArrayList<>();
    table.add(String.format(Locale.ROOT, "%-8s %6s %8s %8s %9s %7s %6s %7s %6s %6s %8s %7s %6s %9s %6s %6s",
        "scenario", "calls", "budget", "limit", "target/s", "adm/s", "ratio", "goal", "429s", "429%", "stage_s", "ok/s", "e2e", "cpu_ms/c",
        "lost", "rerun"));
    // warm-up: JIT-compile the client so the CPU column measures steady state
    run(spark, out, new Scenario("warmup", 1e6, 1_000_000, 1, 0), 200);
    table.add(run(spark, out, new Scenario("limit", rpm, rpm, rpm / 60.0, 0.95), n));
    table.add(run(spark, out, new Scenario("2x-high", 2.0 * rpm, rpm, rpm / 60.0, 0.90), n));
    table.add(run(spark, out, new Scenario("free", rpm, 100L * rpm, rpm / 60.0, 0.95), n));
    System.out.println();
    table.forEach(System.out::println);
    System.out.println("budget: llm.requests-per-minute; limit: the TEST SERVER's true RPM (sliding minute, TPM 10M); target/s: min(budget, limit)/60; "
        + "adm/s: requests the server admitted per second between its first and last admission; ratio = adm/s / target/s (goal: at least);\n"
        + "stage_s: wall time of the whole LLM stage, LlmStage.run (SparkSession start excluded; its Spark jobs, ledger anti-join, "
        + "calls, staging and ledger commit included); ok/s: ok calls per second of stage_s; e2e = ok/s / target/s;\n"
        + "429s: rate-limited answers, 429% of all requests that reached the server; cpu_ms/c: CPU of our client per call (ThreadMXBean, "
        + "worker threads); lost: requests without an ok ledger row; rerun: calls made by an identical rerun (0: the ledger answers all)");
    spark.stop();
    System.exit(0);
  }

  private static String run(SparkSession spark, Path out, Scenario s, int n) {
    try (RateLimitedTestServer server = new RateLimitedTestServer(s.providerRpm(), 10_000_000, Duration.ofMillis(200), Duration.ofMillis(2000), 7)) {
      LlmSettings settings = LlmSettings.defaults().toBuilder().provider(LlmSettings.OPENAI_COMPATIBLE).baseUrl(server.baseUrl()).apiKeyEnv("")
          .model("bench-model").requestsPerMinute(s.budgetRpm()).tokensPerMinute(1e9).maxInFlight(64).partitions(8)
          .backoffBase(Duration.ofMillis(250)).backoffCap(Duration.ofSeconds(4)).progressInterval(Duration.ofSeconds(20))
          .calls(org.instructsynth.llm.CallOptions.defaults().withDriverMaxRequests(0)).build(); // the executors' path, 8 tasks
      StructType schema = new StructType().add("request_key", DataTypes.StringType).add("stage", DataTypes.StringType)
          .add("request", DataTypes.StringType);
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        LlmRequest r = LlmRequest.chat("bench-model", List.of(ChatMessage.user("Explain topic " + i + " briefly.")),
            Sampling.defaults().withMaxTokens(256), 0);
        rows.add(RowFactory.create(r.requestKey(), "bench", r.canonicalJson()));
      }
      Dataset<Row> requests = spark.createDataFrame(rows, schema);
      LlmStage.Options options = new LlmStage.Options(settings, out.resolve(s.name()).toString(), "2026-01-01", "bench", "parquet");
      long[] cpuBefore = PartitionCaller.cpuNanosAndCalls();
      long start = System.nanoTime();
      LlmStage.Result result = LlmStage.run(spark, requests, options);
      double wall = (System.nanoTime() - start) / 1e9;
      long[] cpuAfter = PartitionCaller.cpuNanosAndCalls();
      double admittedRate = server.admittedPerSecond();
      long admitted = server.admitted();
      long rejected = server.rejected();
      long lost = n - result.rows().filter("status = 'ok'").count();
      LlmStage.Result rerun = LlmStage.run(spark, requests, options);
      long rerunCalls = server.admitted() + server.rejected() - admitted - rejected;
      double cpuMsPerCall = (cpuAfter[0] - cpuBefore[0]) / 1e6 / Math.max(1, cpuAfter[1] - cpuBefore[1]);
      double ratio = admittedRate / s.target();
      double okRate = result.ok() / wall;
      return String.format(Locale.ROOT, "%-8s %6d %8.0f %8d %9.2f %7.2f %5.1f%% %6.0f%% %6d %5.1f%% %8.1f %7.2f %5.1f%% %9.3f %6d %6d",
          s.name(), n, s.budgetRpm(), s.providerRpm(), s.target(), admittedRate, 100 * ratio, 100 * s.goal(), rejected,
          100.0 * rejected / Math.max(1, admitted + rejected), wall, okRate, 100 * okRate / s.target(), cpuMsPerCall, lost,
          rerunCalls + rerun.called());
    }
  }
}
