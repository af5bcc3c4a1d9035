package org.instructsynth.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.instructsynth.core.prompt.ChatMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LlmClientTest {
  private static final String KEY = "sk-canary-7f3a9c2e51d0";
  private static final long EPOCH = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
  private static final String OK_BODY =
      "{\"model\":\"gpt-4o-mini-2024\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Blue.\"},"
          + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":2000}}";

  private MockWebServer server;
  private FakeClock clock;
  private TaskRateLimiter limiter;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    clock = new FakeClock(EPOCH);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private LlmSettings settings() {
    return LlmSettings.defaults().toBuilder()
        .provider(LlmSettings.OPENAI_COMPATIBLE)
        .baseUrl(server.url("/v1").toString())
        .apiKeyEnv("CANARY_KEY")
        .headers(Map.of("OpenAI-Organization", "org-test"))
        .requestsPerMinute(1e6)
        .tokensPerMinute(1e9)
        .readTimeout(Duration.ofMillis(500))
        .build();
  }

  private LlmClient client(LlmSettings settings) {
    limiter = new TaskRateLimiter(settings.requestsPerMinute(), settings.tokensPerMinute(), clock, Duration.ofSeconds(30));
    return new LlmClient(settings, settings.baseUrl(), KEY, HttpClients.shared(HttpClients.keyOf(settings)),
        limiter, clock, () -> 0L /* jitter draws 0: waits are exactly half the exponential step */);
  }

  private static LlmRequest request() {
    return LlmRequest.chat("gpt-4o-mini", List.of(ChatMessage.user("Name a color.")), Sampling.defaults(), 0);
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  @Test
  void successParsesTextFinishReasonUsageAndCostAndSendsTheKeyAsBearer() throws Exception {
    server.enqueue(json(200, OK_BODY));
    LlmResult result = client(settings()).call(request());
    assertThat(result.status()).isEqualTo("ok");
    assertThat(result.response()).isEqualTo("Blue.");
    assertThat(result.finishReason()).isEqualTo("stop");
    assertThat(result.model()).isEqualTo("gpt-4o-mini-2024");
    assertThat(result.promptTokens()).isEqualTo(1000);
    assertThat(result.completionTokens()).isEqualTo(2000);
    // 1000 x 0.15 / 1M + 2000 x 0.60 / 1M
    assertThat(result.costUsd()).isCloseTo(0.00015 + 0.0012, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.requestKey()).isEqualTo(request().requestKey());
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(recorded.getHeaders().get("OpenAI-Organization")).isEqualTo("org-test");
    assertThat(recorded.getBody().utf8()).isEqualTo(request().wireBody());
  }

  @Test
  void completionsEndpointAndLengthFinishReason() throws Exception {
    server.enqueue(json(200, "{\"choices\":[{\"text\":\" 10. Write a poem\",\"finish_reason\":\"length\"}]}"));
    LlmSettings settings = settings().toBuilder().endpoint(LlmSettings.COMPLETIONS).build();
    LlmResult result = client(settings).call(LlmRequest.completion("gpt-4o-mini", "1. a\n9.", Sampling.defaults(), 0));
    assertThat(result.response()).isEqualTo(" 10. Write a poem");
    assertThat(result.finishReason()).isEqualTo("length");
    assertThat(result.model()).isEqualTo("gpt-4o-mini");
    assertThat(result.completionTokens()).isEqualTo(5); // no usage: 17 chars / 4, rounded up
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/completions");
  }

  @Test
  void retryAfterMsIsHonouredAndA429PausesAndTrimsTheRateBySmallStep() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after-ms", "1500").addHeader("Retry-After", "9")
        .body("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}").build());
    server.enqueue(json(200, OK_BODY));
    LlmClient client = client(settings());
    LlmResult result = client.call(request());
    assertThat(result.status()).isEqualTo("ok");
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(result.rateLimited()).isEqualTo(1);
    assertThat(clock.sleeps()).containsExactly(1_500_000_000L);
    assertThat(limiter.currentFactor()).isCloseTo(0.95, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void aRetryAfterAboveMaxRetryAfterIsATransientFailureOfThatAttemptNotAnHourLongSleep() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3600")
        .body("{\"error\":{\"message\":\"You exceeded your current quota\",\"code\":\"insufficient_quota\"}}").build());
    server.enqueue(json(200, OK_BODY));
    LlmResult result = client(settings()).call(request());
    assertThat(result.status()).isEqualTo("ok");
    assertThat(result.attempts()).isEqualTo(2);
    // retried after the backoff (half of base 1 s with zero jitter), not after 3600 s
    assertThat(clock.sleeps()).containsExactly(500_000_000L);
    assertThat(clock.elapsedNanos()).isLessThan(Duration.ofSeconds(2).toNanos());

    for (int i = 0; i < 2; i++) {
      server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "7200").body("maintenance").build());
    }
    LlmResult failed = client(settings().toBuilder().maxRetries(1).maxRetryAfter(Duration.ofSeconds(30)).build()).call(request());
    assertThat(failed.status()).isEqualTo("failed");
    assertThat(failed.attempts()).isEqualTo(2);
    assertThat(failed.error()).contains("HTTP 503").contains("asked to wait 7200 s, more than llm.max-retry-after (30 s)");
    assertThat(clock.elapsedNanos()).isLessThan(Duration.ofSeconds(5).toNanos());
  }

  @Test
  void a429WithOnlyResetHeadersWaitsForTheExhaustedLimitsReset() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("x-ratelimit-limit-requests", "5000")
        .addHeader("x-ratelimit-remaining-requests", "4990").addHeader("x-ratelimit-reset-requests", "120ms")
        .addHeader("x-ratelimit-remaining-tokens", "0").addHeader("x-ratelimit-reset-tokens", "1.5s").build());
    server.enqueue(new MockResponse.Builder().code(429).addHeader("x-ratelimit-remaining-tokens", "0")
        .addHeader("x-ratelimit-reset-tokens", "6m0s").build());
    server.enqueue(json(200, OK_BODY));
    LlmResult result = client(settings()).call(request());
    assertThat(result.status()).isEqualTo("ok");
    assertThat(result.rateLimited()).isEqualTo(2);
    // 1.5 s for the tokens; the 6-minute reset is above llm.max-retry-after (2 min): backoff 1 s instead
    assertThat(clock.sleeps()).containsExactly(1_500_000_000L, 1_000_000_000L);
  }

  @Test
  void theProvidersLimitHeadersOnSuccessfulAnswersCapTheRate() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .addHeader("x-ratelimit-limit-requests", "500").addHeader("x-ratelimit-limit-tokens", "200000")
        .addHeader("x-ratelimit-remaining-requests", "499").addHeader("x-ratelimit-reset-requests", "120ms").body(OK_BODY).build());
    LlmClient client = client(settings().toBuilder().requestsPerMinute(1000).build());
    assertThat(client.call(request()).status()).isEqualTo("ok");
    assertThat(limiter.currentFactor()).isEqualTo(0.5);
  }

  @Test
  void retryAfterSecondsAndHttpDateAreHonoured() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "2").build());
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(EPOCH + 2_000 + 7_000).atOffset(ZoneOffset.UTC));
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", date).build());
    server.enqueue(json(200, OK_BODY));
    LlmResult result = client(settings()).call(request());
    assertThat(result.attempts()).isEqualTo(3);
    // 2 s, then the date is 9 s after the start and 2 s have passed: 7 s
    assertThat(clock.sleeps()).containsExactly(2_000_000_000L, 7_000_000_000L);
  }

  @Test
  void serverErrorsAreRetriedWithExponentialBackoff() throws Exception {
    server.enqueue(json(500, "{\"error\":{\"message\":\"internal\"}}"));
    server.enqueue(json(503, "overloaded"));
    server.enqueue(json(502, "bad gateway"));
    server.enqueue(json(200, OK_BODY));
    LlmResult result = client(settings()).call(request());
    assertThat(result.status()).isEqualTo("ok");
    assertThat(result.attempts()).isEqualTo(4);
    // base 1 s: steps 1, 2, 4 s; with zero jitter each wait is half the step
    assertThat(clock.sleeps()).containsExactly(500_000_000L, 1_000_000_000L, 2_000_000_000L);
  }

  @Test
  void givesUpAfterMaxRetriesAndKeepsTheRowAsData() throws Exception {
    for (int i = 0; i < 3; i++) server.enqueue(json(503, "{\"error\":{\"message\":\"busy\"}}"));
    LlmResult result = client(settings().toBuilder().maxRetries(2).build()).call(request());
    assertThat(result.status()).isEqualTo("failed");
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(result.httpStatus()).isEqualTo(503);
    assertThat(result.error()).startsWith("gave up after 3 attempts (llm.max-retries=2): HTTP 503").contains("busy");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void badRequestIsNotRetried() throws Exception {
    server.enqueue(json(400, "{\"error\":{\"message\":\"Unrecognized request argument supplied: foo\",\"type\":\"invalid_request_error\"}}"));
    server.enqueue(json(200, OK_BODY));
    LlmResult result = client(settings()).call(request());
    assertThat(result.status()).isEqualTo(LlmResult.FAILED_PERMANENT);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.httpStatus()).isEqualTo(400);
    assertThat(result.error()).contains("HTTP 400").contains("Unrecognized request argument supplied: foo");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  void contextLengthErrorsOfOpenAiVllmAndLlamaCppBecomeRowErrors() throws Exception {
    server.enqueue(json(400, "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens.\",\"code\":\"context_length_exceeded\"}}"));
    server.enqueue(json(400, "{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 tokens. However, you requested 5000 tokens\",\"type\":\"BadRequestError\",\"code\":400}"));
    server.enqueue(json(400, "{\"error\":{\"code\":400,\"message\":\"the request exceeds the available context size, try increasing it\",\"type\":\"exceed_context_size_error\"}}"));
    // llama.cpp's server answers a prompt larger than its KV cache with HTTP 500: still not retried
    server.enqueue(json(500, "{\"error\":{\"code\":500,\"message\":\"Input prompt is too big compared to KV size. Please try increasing KV size.\",\"type\":\"server_error\"}}"));
    LlmClient client = client(settings());
    for (int i = 0; i < 4; i++) {
      LlmResult result = client.call(request());
      assertThat(result.status()).isEqualTo(LlmResult.CONTEXT_LENGTH);
      assertThat(result.attempts()).isEqualTo(1);
      assertThat(result.error()).startsWith("context_length_exceeded:");
    }
    assertThat(server.getRequestCount()).isEqualTo(4);
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  void unauthorizedFailsFastWithoutTheKey() {
    server.enqueue(json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ". You can find your API key at ...\",\"code\":\"invalid_api_key\"}}"));
    server.enqueue(json(200, OK_BODY));
    assertThatThrownBy(() -> client(settings()).call(request()))
        .isInstanceOf(LlmAuthException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("environment variable CANARY_KEY")
        .hasMessageContaining("Incorrect API key provided: ***")
        .hasMessageNotContaining(KEY)
        .hasMessageNotContaining("canary-7f3a");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void forbiddenFailsFastToo() {
    server.enqueue(json(403, "{\"error\":{\"message\":\"model not allowed\"}}"));
    assertThatThrownBy(() -> client(settings()).call(request())).isInstanceOf(LlmAuthException.class).hasMessageContaining("HTTP 403");
  }

  @Test
  void malformedAndTruncatedJsonAreRetried() throws Exception {
    server.enqueue(json(200, "<html>gateway</html>"));
    server.enqueue(json(200, "{\"choices\":[{\"message\":{\"content\":\"Blu"));
    server.enqueue(json(200, "{\"object\":\"list\"}"));
    server.enqueue(json(200, OK_BODY));
    LlmResult result = client(settings()).call(request());
    assertThat(result.status()).isEqualTo("ok");
    assertThat(result.attempts()).isEqualTo(4);
  }

  @Test
  void malformedJsonThatNeverRecoversIsAFailedRow() throws Exception {
    for (int i = 0; i < 2; i++) server.enqueue(json(200, "{\"choices\":[{\"message\":"));
    LlmResult result = client(settings().toBuilder().maxRetries(1).build()).call(request());
    assertThat(result.status()).isEqualTo("failed");
    assertThat(result.error()).contains("body that is not JSON");
    assertThat(result.httpStatus()).isEqualTo(200);
  }

  @Test
  void readTimeoutIsRetried() throws Exception {
    server.enqueue(new MockResponse.Builder().body(OK_BODY).headersDelay(3, TimeUnit.SECONDS).build());
    server.enqueue(json(200, OK_BODY));
    LlmResult result = client(settings()).call(request());
    assertThat(result.status()).isEqualTo("ok");
    assertThat(result.attempts()).isEqualTo(2);
  }

  @Test
  void timeoutsEverywhereEndAsAFailedRowWithTheReason() throws Exception {
    for (int i = 0; i < 2; i++) {
      server.enqueue(new MockResponse.Builder().body(OK_BODY).headersDelay(3, TimeUnit.SECONDS).build());
    }
    LlmResult result = client(settings().toBuilder().maxRetries(1).build()).call(request());
    assertThat(result.status()).isEqualTo("failed");
    assertThat(result.httpStatus()).isNull();
    assertThat(result.error()).contains("timeout calling");
  }

  @Test
  void connectionResetIsRetried() throws Exception {
    server.enqueue(new MockResponse.Builder().body(OK_BODY).onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    server.enqueue(json(200, OK_BODY));
    LlmResult result = client(settings()).call(request());
    assertThat(result.status()).isEqualTo("ok");
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(clock.sleeps()).containsExactly(500_000_000L);
  }

  @Test
  void slowBodyWithinTheReadTimeoutSucceeds() throws Exception {
    // 64 bytes every 50 ms: each read waits < 500 ms, the whole body takes several hundred ms
    server.enqueue(new MockResponse.Builder().body(OK_BODY).throttleBody(64, 50, TimeUnit.MILLISECONDS).build());
    LlmResult result = client(settings()).call(request());
    assertThat(result.status()).isEqualTo("ok");
    assertThat(result.response()).isEqualTo("Blue.");
  }

  @Test
  void slowBodyPastTheCallTimeoutIsATimeout() throws Exception {
    // ~270 bytes at 16 bytes per 100 ms takes ~1.7 s; the call timeout is 300 ms. (MockWebServer keeps
    // writing the throttled body after the client gave up, so the retry is shown by readTimeoutIsRetried.)
    server.enqueue(new MockResponse.Builder().body(OK_BODY).throttleBody(16, 100, TimeUnit.MILLISECONDS).build());
    LlmResult result = client(settings().toBuilder().callTimeout(Duration.ofMillis(300)).maxRetries(0).build()).call(request());
    assertThat(result.status()).isEqualTo("failed");
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.error()).contains("timeout calling");
  }

  @Test
  void missingKeyFailsFastNamingTheVariable() {
    LlmSettings s = settings();
    assertThatThrownBy(() -> LlmClient.forTask(s, org.instructsynth.llm.sim.SimulatedLlmServer.baseUrlFor(s), RateShare.of(s, 1), name -> null, clock))
        .isInstanceOf(LlmAuthException.class)
        .hasMessageContaining("environment variable CANARY_KEY (llm.api-key-env) is not set");
  }
}
