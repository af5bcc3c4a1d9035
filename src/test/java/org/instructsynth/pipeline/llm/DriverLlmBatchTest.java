package org.instructsynth.pipeline.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.RateShare;
import org.instructsynth.llm.sim.SimulatedLlmServer;
import org.instructsynth.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small LLM stage ({@code llm.driver-max-requests}) runs on the driver: the same ledger, rows and
 * totals as on the executors, the journal of a crashed attempt replayed, and two or three Spark jobs
 * instead of about a dozen. The shared behaviour (reruns, budget, failures, two writers) is run on
 * both paths by LlmStageTest, LlmFailuresTest and LedgerConcurrencyTest.
 */
class DriverLlmBatchTest {

  @Test
  void aSmallStageOnTheDriverWritesWhatTheExecutorsWouldInAFewSparkJobs(@TempDir Path out) throws Exception {
    SparkSession spark = SparkTestSession.get();
    List<LlmRequest> first = LlmStageTest.requests(12, 0);
    List<LlmRequest> second = new ArrayList<>(first.subList(6, 12)); // half cached, half new
    second.addAll(LlmStageTest.requests(6, 100));
    Map<Integer, Map<String, List<Object>>> rows = new HashMap<>();
    Map<Integer, Integer> jobs = new HashMap<>();
    for (int driverMax : new int[] {0, 1000}) {
      LlmSettings base = LlmStageTest.settings(401); // one simulator for both paths: the same answers
      LlmSettings settings = base.toBuilder().calls(base.calls().withDriverMaxRequests(driverMax)).build();
      LlmStage.Options options = new LlmStage.Options(settings, out.resolve("max-" + driverMax).toString(), "2026-01-01", "self-instruct",
          "parquet");
      LlmStage.run(spark, LlmStageTest.frame(spark, first), options);
      Dataset<Row> frame = LlmStageTest.frame(spark, second).persist(); // as LlmCallStage hands it over
      frame.count();
      LlmStage.Result[] result = new LlmStage.Result[1];
      jobs.put(driverMax, sparkJobs(spark, () -> result[0] = LlmStage.run(spark, frame, options)));
      assertThat(result[0].requested()).isEqualTo(12);
      assertThat(result[0].cached()).isEqualTo(6);
      assertThat(result[0].called()).isEqualTo(6);
      assertThat(result[0].perStage().values().stream().mapToLong(LlmStage.StageTotals::requested).sum()).isEqualTo(6);
      assertThat(result[0].driverRows() != null).isEqualTo(driverMax > 0);
      Map<String, List<Object>> byKey = new HashMap<>();
      for (Row r : result[0].rows().collectAsList()) { // what a run reads: the same on both paths, timing aside
        byKey.put(r.getAs("request_key"), List.of(r.getAs("status"), r.getAs("response"), r.getAs("model"), r.getAs("stage"),
            r.getAs("prompt_tokens"), r.getAs("completion_tokens"), r.getAs("attempts"), r.getAs("run_date"), r.getAs("cost_usd")));
      }
      rows.put(driverMax, byKey);
      assertThat(spark.read().parquet(out.resolve("max-" + driverMax + "/llm_calls").toString()).count()).isEqualTo(18);
      frame.unpersist();
    }
    assertThat(rows.get(1000)).hasSize(12).isEqualTo(rows.get(0));
    // on the driver: the head collect, the ledger lookup and the append; the executors' path needs many more
    assertThat(jobs.get(1000)).isLessThanOrEqualTo(3);
    assertThat(jobs.get(0)).isGreaterThan(2 * jobs.get(1000));
  }

  @Test
  void theJournalOfACrashedAttemptIsReplayedNotPaidAgain(@TempDir Path out) {
    SparkSession spark = SparkTestSession.get();
    LlmSettings settings = LlmStageTest.settings(402, 1000);
    SimulatedLlmServer sim = SimulatedLlmServer.shared(settings.simulator());
    List<LlmRequest> requests = LlmStageTest.requests(10, 0);
    LlmStage.Options options = new LlmStage.Options(settings, out.toString(), "2026-01-01", "self-instruct", "parquet");
    // an attempt that paid 3 calls and died before the ledger commit: only its journal is left
    String journal = CallJournal.dir(options.ledgerPath(), "2026-01-01", "self-instruct").toString();
    CallLlmPartition crashed = new CallLlmPartition(settings, RateShare.of(settings, 1), "self-instruct", "2026-01-01", false,
        EnvLookup.SYSTEM, new LlmCounters(spark.sparkContext()), journal, new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
    List<Row> paid = crashed.callAll(LlmStageTest.frame(spark, requests.subList(0, 3)).collectAsList().iterator());
    assertThat(sim.requestCount()).isEqualTo(3);

    LlmStage.Result rerun = LlmStage.run(spark, LlmStageTest.frame(spark, requests), options);
    assertThat(sim.requestCount()).isEqualTo(10); // the 7 others only
    assertThat(rerun.ok()).isEqualTo(10);
    Map<String, String> responses = new HashMap<>();
    rerun.driverRows().forEach(r -> responses.put(r.getAs("request_key"), r.getAs("response")));
    assertThat(paid).allSatisfy(r -> assertThat(responses.get(r.<String>getAs("request_key"))).isEqualTo(r.getAs("response")));
    assertThat(spark.read().parquet(out.resolve("llm_calls").toString()).filter("status = 'ok'").count()).isEqualTo(10);
    assertThat(out.resolve("llm_calls/_journal/2026-01-01-self-instruct")).doesNotExist();
  }

  /** The Spark jobs {@code body} starts (the listener bus drained before counting). */
  static int sparkJobs(SparkSession spark, Runnable body) throws java.util.concurrent.TimeoutException {
    AtomicInteger count = new AtomicInteger();
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart job) {
        count.incrementAndGet();
      }
    };
    spark.sparkContext().listenerBus().waitUntilEmpty();
    spark.sparkContext().addSparkListener(listener);
    try {
      body.run();
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    return count.get();
  }

  /**
   * A provider with a true limit (a sliding minute of 30 requests, then 429 with OpenAI's rate-limit
   * headers and Retry-After) and a client told it may send 6,000 a minute: the driver's one caller
   * meets the 429s, waits for the window as the headers say, and every one of 45 requests ends ok,
   * each admitted (paid) once. Extended: it waits out the provider's minute.
   */
  @Test
  @org.junit.jupiter.api.Tag("extended")
  void onTheDriverAProvidersTrueRateLimitIsWaitedOutAndNothingIsPaidTwice(@TempDir Path out) {
    SparkSession spark = SparkTestSession.get();
    try (org.instructsynth.bench.RateLimitedTestServer server = new org.instructsynth.bench.RateLimitedTestServer(30, 10_000_000,
        java.time.Duration.ofMillis(5), java.time.Duration.ofMillis(20), 11)) {
      LlmSettings settings = LlmSettings.defaults().toBuilder().provider(LlmSettings.OPENAI_COMPATIBLE).baseUrl(server.baseUrl())
          .apiKeyEnv("").model("m").requestsPerMinute(6000).tokensPerMinute(1e9).maxInFlight(8).maxRetries(10)
          .backoffBase(java.time.Duration.ofMillis(50)).backoffCap(java.time.Duration.ofSeconds(2)).build();
      List<LlmRequest> requests = new ArrayList<>();
      for (int i = 0; i < 45; i++) {
        requests.add(LlmRequest.chat("m", List.of(org.instructsynth.core.prompt.ChatMessage.user("Topic " + i + ".")),
            org.instructsynth.llm.Sampling.defaults().withMaxTokens(16), 0));
      }
      LlmStage.Options options = new LlmStage.Options(settings, out.toString(), "2026-01-01", "self-instruct", "parquet");
      LlmStage.Result result = LlmStage.run(spark, LlmStageTest.frame(spark, requests), options);
      assertThat(result.driverRows()).isNotNull(); // the driver path
      assertThat(server.rejected()).as("429s the provider sent").isPositive();
      assertThat(result.rateLimited()).isPositive();
      assertThat(result.ok()).isEqualTo(45);
      assertThat(result.failed()).isZero();
      assertThat(server.admitted()).isEqualTo(45);
      assertThat(spark.read().parquet(out.resolve("llm_calls").toString()).filter("status = 'ok'").count()).isEqualTo(45);
    }
  }
}
