package org.instructsynth.pipeline.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.instructsynth.core.prompt.ChatMessage;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.llm.LlmResult;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.Sampling;
import org.instructsynth.testing.SparkTestSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.instructsynth.llm.CallOptions;
import org.junit.jupiter.api.io.TempDir;

/**
 * Permanent failures stay failed, transient ones are called again, context-length answers are row
 * rejects, and the failure ratio is judged over the stage's requests, against a server that answers
 * like OpenAI (400 content filter) and llama.cpp (500 "Input prompt is too big compared to KV size").
 */
class LlmFailuresTest {
  private MockWebServer server;
  private volatile boolean flaky = true;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        String kind = body.contains("PERMANENT") ? "permanent" : body.contains("TOOLONG") ? "toolong" : body.contains("FLAKY") ? "flaky" : "ok";
        calls.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        if (kind.equals("permanent")) {
          return new MockResponse.Builder().code(400).body("{\"error\":{\"message\":\"The response was filtered due to the prompt "
              + "triggering content management policy\",\"type\":\"invalid_request_error\",\"code\":\"content_filter\"}}").build();
        }
        if (kind.equals("toolong")) {
          return new MockResponse.Builder().code(500).body("{\"error\":{\"code\":500,\"message\":\"Input prompt is too big compared "
              + "to KV size. Please try increasing KV size.\",\"type\":\"server_error\"}}").build();
        }
        if (kind.equals("flaky") && flaky) {
          return new MockResponse.Builder().code(503).body("{\"error\":{\"message\":\"overloaded\"}}").build();
        }
        return new MockResponse.Builder().code(200).body("{\"model\":\"m\",\"choices\":[{\"message\":{\"role\":\"assistant\","
            + "\"content\":\"fine\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}").build();
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private int calls(String kind) {
    return calls.getOrDefault(kind, new AtomicInteger()).get();
  }

  private int total() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  private int driverMax = CallOptions.DRIVER_MAX_REQUESTS;

  private LlmSettings settings() {
    LlmSettings s = base();
    return s.toBuilder().calls(s.calls().withDriverMaxRequests(driverMax)).build();
  }

  private LlmSettings base() {
    return LlmSettings.defaults().toBuilder().provider(LlmSettings.OPENAI_COMPATIBLE).baseUrl(server.url("/v1").toString())
        .apiKeyEnv("").model("m").requestsPerMinute(60_000).maxRetries(2).backoffBase(Duration.ofMillis(1))
        .backoffCap(Duration.ofMillis(2)).maxFailureRatio(0.1).partitions(2).build();
  }

  private static List<LlmRequest> requests() {
    List<LlmRequest> list = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String marker = i == 0 ? "PERMANENT" : i == 1 || i == 2 ? "TOOLONG" : i == 3 ? "FLAKY" : "plain";
      list.add(LlmRequest.chat("m", List.of(ChatMessage.user("Request " + i + " " + marker)), Sampling.defaults().withMaxTokens(16), 0));
    }
    return list;
  }

  /** On the executors (driver-max-requests 0) and on the driver (the default for 20 requests). */
  @ParameterizedTest(name = "driver-max-requests {0}")
  @ValueSource(ints = {0, CallOptions.DRIVER_MAX_REQUESTS})
  void permanentFailuresAreTerminalTransientOnesAreCalledAgainAndContextLengthIsARowReject(int driverMax, @TempDir Path out) {
    this.driverMax = driverMax;
    SparkSession spark = SparkTestSession.get();
    List<LlmRequest> requests = requests();
    Dataset<Row> frame = LlmStageTest.frame(spark, requests);
    LlmStage.Options options = new LlmStage.Options(settings(), out.toString(), "2026-01-01", "distill", "json");

    // night: 16 ok, a content filter 400, two llama.cpp context 500s (not retried), a 503 retried twice.
    // 2 endpoint failures of 20 requests = 10 %, within llm.max-failure-ratio 0.1; the context errors do not count.
    LlmStage.Result night = LlmStage.run(spark, frame, options, EnvLookup.SYSTEM);
    assertThat(night.ok()).isEqualTo(16);
    assertThat(night.failed()).isEqualTo(2);
    assertThat(night.contextLength()).isEqualTo(2);
    assertThat(calls("toolong")).isEqualTo(2);
    assertThat(calls("permanent")).isEqualTo(1);
    assertThat(calls("flaky")).isEqualTo(3);
    Map<String, String> status = new java.util.HashMap<>();
    for (Row r : night.rows().collectAsList()) {
      status.put(r.getAs("request_key"), r.getAs("status"));
    }
    assertThat(status.get(requests.get(0).requestKey())).isEqualTo(LlmResult.FAILED_PERMANENT);
    assertThat(status.get(requests.get(1).requestKey())).isEqualTo(LlmResult.CONTEXT_LENGTH);
    assertThat(status.get(requests.get(3).requestKey())).isEqualTo(LlmResult.FAILED);
    assertThat(LlmCalls.Answer.reason(status.get(requests.get(1).requestKey()))).isEqualTo(LlmCalls.CONTEXT_LENGTH);
    assertThat(LlmCalls.Answer.reason(status.get(requests.get(0).requestKey()))).isEqualTo(LlmCalls.LLM_ERROR);

    // rerun, endpoint still flaky: only the transient failure is called; 1 failure of 20 requests passes
    LlmStage.Result rerun = LlmStage.run(spark, frame, options, EnvLookup.SYSTEM);
    assertThat(rerun.called()).isEqualTo(1);
    assertThat(rerun.cached()).isEqualTo(19);
    assertThat(calls("flaky")).isEqualTo(6);
    assertThat(calls("permanent") + calls("toolong")).isEqualTo(3);

    // the endpoint recovers: the transient failure is called again and succeeds
    flaky = false;
    LlmStage.Result recovered = LlmStage.run(spark, frame, options, EnvLookup.SYSTEM);
    assertThat(recovered.called()).isEqualTo(1);
    assertThat(recovered.ok()).isEqualTo(1);

    // the night is finished: a rerun makes no call and does not fail, despite its permanent failures
    int before = total();
    LlmStage.Result finished = LlmStage.run(spark, frame, options, EnvLookup.SYSTEM);
    assertThat(finished.called()).isZero();
    assertThat(total()).isEqualTo(before);

    // --retry-failed calls the permanent failures again, not the ok ones
    LlmStage.Options retry = new LlmStage.Options(settings(), out.toString(), "2026-01-01", "distill", "json", true);
    LlmStage.Result retried = LlmStage.run(spark, frame, retry, EnvLookup.SYSTEM);
    assertThat(retried.called()).isEqualTo(3);
    assertThat(calls("permanent")).isEqualTo(2);
    assertThat(calls("toolong")).isEqualTo(4);
    assertThat(calls("ok")).isEqualTo(16);

    Dataset<Row> ledger = spark.read().json(out.resolve("llm_calls").toString());
    assertThat(ledger.filter("status = 'ok'").count()).isEqualTo(17);
    assertThat(ledger.filter("status = 'ok'").select("request_key").distinct().count()).isEqualTo(17);
  }

  @Test
  void theFailureRatioCountsCachedRequests(@TempDir Path out) {
    SparkSession spark = SparkTestSession.get();
    List<LlmRequest> requests = requests().subList(3, 20); // FLAKY and 16 plain
    LlmSettings strict = settings().toBuilder().maxFailureRatio(0.06).build();
    LlmStage.Options options = new LlmStage.Options(strict, out.toString(), "2026-01-01", "distill", "json");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LlmStage.run(spark, LlmStageTest.frame(spark, requests.subList(0, 4)),
            options, EnvLookup.SYSTEM))
        .isInstanceOf(LlmFailureRatioException.class)
        .hasMessageContaining("1 of the stage's 4 LLM requests failed in this run (25.0 %)");
    // the whole stage: 3 of its 17 requests are cached, 14 are called, the flaky one fails again: 1 / 17 = 5.9 % < 6 %
    // (counted over this run's calls only it would be 1 / 14 = 7.1 % and fail)
    LlmStage.Result whole = LlmStage.run(spark, LlmStageTest.frame(spark, requests), options, EnvLookup.SYSTEM);
    assertThat(whole.cached()).isEqualTo(3);
    assertThat(whole.failed()).isEqualTo(1);
  }
}
