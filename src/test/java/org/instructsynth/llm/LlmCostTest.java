package org.instructsynth.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.instructsynth.core.prompt.ChatMessage;
import org.instructsynth.core.prompt.JudgeScores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cached prompt tokens at the cached rate, unknown cost for unpriced models, structured outputs on the wire. */
class LlmCostTest {
  private static final String ANSWER = "{\"model\":\"m\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"score\\\": 8}\"},"
      + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":2000,\"completion_tokens\":50,"
      + "\"prompt_tokens_details\":{\"cached_tokens\":1536}}}";
  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private LlmClient client(LlmSettings s) {
    return new LlmClient(s, s.baseUrl(), "", HttpClients.shared(HttpClients.keyOf(s)),
        new TaskRateLimiter(s.requestsPerMinute(), s.tokensPerMinute(), LlmClock.SYSTEM, Duration.ofSeconds(30)), LlmClock.SYSTEM,
        ThreadLocalRandom.current());
  }

  private LlmSettings settings(Map<String, ModelPrice> prices, boolean structured) {
    return LlmSettings.defaults().toBuilder().provider(LlmSettings.OPENAI_COMPATIBLE).baseUrl(server.url("/v1").toString())
        .apiKeyEnv("").model("gpt-4o-mini").prices(prices).maxRetries(0).requestsPerMinute(60_000)
        .calls(new CallOptions(CallOptions.ONLINE, Duration.ofMinutes(10), 0.5, Map.of(), structured)).build();
  }

  private static LlmRequest request() {
    return LlmRequest.chat("gpt-4o-mini", List.of(ChatMessage.user("Rate this answer.")), Sampling.defaults().withMaxTokens(16), 0);
  }

  @Test
  void cachedPromptTokensArePricedAtTheCachedRate() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body(ANSWER).build());
    LlmResult r = client(settings(LlmSettings.defaults().prices(), false)).call(request());
    assertThat(r.cachedTokens()).isEqualTo(1536);
    // gpt-4o-mini: $0.15 input, $0.075 cached input, $0.60 output per 1M tokens
    assertThat(r.costUsd()).isCloseTo((464 * 0.15 + 1536 * 0.075 + 50 * 0.60) / 1e6, within(1e-15));
    assertThat(new ModelPrice(1, 2).cost(100, 40, 10)).isCloseTo(120 / 1e6, within(1e-15));
  }

  @Test
  void anUnpricedModelHasAnUnknownCostNotZero() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body(ANSWER).build());
    LlmResult r = client(settings(Map.of(), false)).call(request());
    assertThat(r.ok()).isTrue();
    assertThat(r.costUsd()).isNaN();
    assertThat(ModelPrice.UNKNOWN.known()).isFalse();
    assertThat(LlmSettings.defaults().price("gpt-3.5-turbo-instruct").cost(1_000_000, 1_000_000)).isEqualTo(3.50);
  }

  @Test
  void structuredOutputsPutResponseFormatOnTheWireAndTheScoreIsParsed() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body(ANSWER).build());
    LlmRequest structured = request().withResponseFormat(JudgeScores.RESPONSE_FORMAT);
    assertThat(structured.requestKey()).isNotEqualTo(request().requestKey());
    assertThat(LlmRequest.fromJson(structured.canonicalJson())).isEqualTo(structured);
    LlmResult r = client(settings(LlmSettings.defaults().prices(), true)).call(structured);
    RecordedRequest sent = server.takeRequest();
    String body = sent.getBody().utf8();
    assertThat(body).contains("\"response_format\":{\"type\":\"json_schema\"").contains("\"strict\":true").contains("\"score\"");
    assertThat(JudgeScores.parse(r.response()).items()).containsExactly(8.0);
    assertThat(request().wireBody()).doesNotContain("response_format");
  }
}
