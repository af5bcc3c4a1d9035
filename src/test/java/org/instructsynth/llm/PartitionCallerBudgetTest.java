package org.instructsynth.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.instructsynth.core.prompt.ChatMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A task's dollar share is used up: calls wait for reservations in flight instead of being skipped. */
class PartitionCallerBudgetTest {
  private MockWebServer server;
  private final AtomicInteger calls = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        calls.incrementAndGet();
        Thread.sleep(40); // a real server takes a while: reservations stay pending
        return new MockResponse.Builder().code(200).body("{\"model\":\"m\",\"choices\":[{\"message\":{\"role\":\"assistant\","
            + "\"content\":\"short\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5}}").build();
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private PartitionCaller<Integer> caller(LlmSettings s, int items, int inFlight, double share) {
    List<Integer> input = new ArrayList<>();
    for (int i = 0; i < items; i++) input.add(i);
    LlmClient client = new LlmClient(s, server.url("/v1").toString(), "", HttpClients.shared(HttpClients.keyOf(s)),
        new TaskRateLimiter(1e6, 1e9, new FakeClock(0), Duration.ofSeconds(1)), new FakeClock(0), () -> 0L);
    return new PartitionCaller<>(input.iterator(), i -> request(i, 100), i -> "key-" + i, client, s, inFlight, share);
  }

  private static LlmRequest request(int i, int maxTokens) {
    return LlmRequest.chat("m", List.of(ChatMessage.user("Give three tips for topic " + i + ".")),
        Sampling.defaults().withMaxTokens(maxTokens), 0);
  }

  @Test
  void callsWaitForPendingReservationsAndSpendTheShare() {
    // worst case per call ~ (8 + 100) tokens x $0.001 = $0.108; a call really costs 15 x $0.001 = $0.015.
    LlmSettings s = LlmSettings.defaults().toBuilder().model("m").prices(Map.of("m", new ModelPrice(1000, 1000))).build();
    double worst = PartitionCaller.worstCaseUsd(s, request(0, 100));
    assertThat(worst).isBetween(0.1, 0.12);
    double share = 0.3; // two worst cases fit; skipping beside pending reservations would call only 2
    PartitionCaller<Integer> caller = caller(s, 20, 4, share);
    List<PartitionCaller.Completed<Integer>> results = new ArrayList<>();
    caller.forEachRemaining(results::add);
    long ok = results.stream().filter(r -> r.result().ok()).count();
    long skipped = results.stream().filter(r -> r.result().status().equals(LlmResult.SKIPPED_BUDGET)).count();
    assertThat(ok + skipped).isEqualTo(20);
    assertThat(ok).isEqualTo(calls.get());
    // calls go on until the spent dollars leave no room for one worst case: (0.3 - 0.108) / 0.015 = 12.8
    assertThat(ok).isGreaterThanOrEqualTo(12);
    assertThat(caller.spentUsd()).isLessThanOrEqualTo(share).isGreaterThan(share - worst - 0.015 * 4);
  }

  @Test
  void contextTokensRulesOutAnOverlongRequestWithoutACall() {
    LlmSettings s = LlmSettings.defaults().toBuilder().model("m").contextTokens(64).build();
    List<Integer> input = List.of(0, 1);
    LlmClient client = new LlmClient(s, server.url("/v1").toString(), "", HttpClients.shared(HttpClients.keyOf(s)),
        new TaskRateLimiter(1e6, 1e9, new FakeClock(0), Duration.ofSeconds(1)), new FakeClock(0), () -> 0L);
    PartitionCaller<Integer> caller = new PartitionCaller<>(input.iterator(), i -> request(i, i == 0 ? 32 : 100), i -> "key-" + i,
        client, s, 2, 0);
    List<PartitionCaller.Completed<Integer>> results = new ArrayList<>();
    caller.forEachRemaining(results::add);
    assertThat(results).hasSize(2);
    LlmResult fits = results.stream().filter(r -> r.item() == 0).findFirst().orElseThrow().result();
    LlmResult tooLong = results.stream().filter(r -> r.item() == 1).findFirst().orElseThrow().result();
    assertThat(fits.ok()).isTrue();
    assertThat(tooLong.status()).isEqualTo(LlmResult.CONTEXT_LENGTH);
    assertThat(tooLong.attempts()).isZero();
    assertThat(tooLong.error()).contains("exceed llm.context-tokens 64");
    assertThat(calls.get()).isEqualTo(1);
  }
}
