package org.instructsynth.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.instructsynth.core.SeedTask;
import org.instructsynth.core.prompt.ChatMessage;
import org.instructsynth.llm.sim.SimulatedLlmServer;
import org.instructsynth.llm.sim.SimulatedResponders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmSimulatorTest {
  private static LlmSettings settings() {
    return LlmSettings.defaults().toBuilder().model("sim-model").requestsPerMinute(1e6).tokensPerMinute(1e9).build();
  }

  private static LlmClient client(LlmSettings s) {
    return LlmClient.forTask(s, org.instructsynth.llm.sim.SimulatedLlmServer.baseUrlFor(s), RateShare.of(s, 1), name -> null, new FakeClock(0));
  }

  private static LlmRequest chat(String text, int sample, Integer maxTokens) {
    return LlmRequest.chat("sim-model", List.of(ChatMessage.user(text)), Sampling.defaults().withMaxTokens(maxTokens), sample);
  }

  @Test
  void answersDeterministicallyPerRequestAndSample() throws Exception {
    LlmClient client = client(settings());
    LlmResult a = client.call(chat("Explain why the sky is blue.", 0, 512));
    LlmResult again = client.call(chat("Explain why the sky is blue.", 0, 512));
    assertThat(a.status()).isEqualTo("ok");
    assertThat(again.response()).isEqualTo(a.response());
    assertThat(a.model()).isEqualTo("SIMULATED:sim-model");
    Set<String> samples = new HashSet<>();
    for (int i = 0; i < 8; i++) {
      samples.add(client.call(chat("Write something about autumn leaves in a haiku.", i, 512)).response());
    }
    assertThat(samples).hasSizeGreaterThan(1);
    assertThat(a.promptTokens()).isEqualTo(Tokens.estimate("Explain why the sky is blue."));
    assertThat(a.completionTokens()).isEqualTo(Tokens.estimate(a.response()));
  }

  @Test
  void continuesANumberedListFromTheLastNumber() throws Exception {
    LlmSettings s = settings().toBuilder().endpoint(LlmSettings.COMPLETIONS).build();
    String prompt = "Write a list of new and varied tasks:\n1. Give three tips.\n2. Translate the sentence.\n9.";
    LlmResult r = client(s).call(LlmRequest.completion("sim-model", prompt, Sampling.defaults().withMaxTokens(4096), 0));
    List<Integer> numbers = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^(\\d+)\\.").matcher(r.response());
    while (m.find()) numbers.add(Integer.parseInt(m.group(1)));
    // items 10..16 are labelled (9 continues the prompt); a few labels are malformed on purpose
    assertThat(numbers).isNotEmpty().allMatch(n -> n >= 10 && n <= 16).isSorted();
    assertThat(r.response().split("\n")).hasSize(8);
  }

  @Test
  void taskStyleListIsContinuedInTaskStyle() {
    String out = SimulatedResponders.numberedList("Task 1: a\nTask 8: b\nTask 9:", SimulatedLlmServer.loadSeeds(""), new SplittableRandom(3));
    assertThat(out).contains("\nTask 10:").doesNotContain("\nTask 9:");
    // a sentence that merely ends in a number is not a list
    assertThat(SimulatedResponders.numberedList("Give three tips for topic 12.", SimulatedLlmServer.loadSeeds(""), new SplittableRandom(3))).isNull();
  }

  @Test
  void scoresAndYesNoQuestions() throws Exception {
    LlmClient client = client(settings());
    Pattern score = Pattern.compile("\\b([1-9]|10)\\b");
    for (int i = 0; i < 5; i++) {
      String text = client.call(chat("Rate the answer on a scale of 1 to 10.\nAnswer: Paris", i, 64)).response();
      assertThat(score.matcher(text).find()).as(text).isTrue();
    }
    for (int i = 0; i < 5; i++) {
      String text = client.call(chat("Task: Sort the list.\nCan the task be regarded as a classification task with finite output labels?", i, 64)).response();
      assertThat(text).containsAnyOf("Yes", "No");
    }
  }

  @Test
  void truncatesAtMaxTokensWithFinishReasonLength() throws Exception {
    LlmResult r = client(settings()).call(chat("Explain why the sky is blue to a ten-year-old.", 0, 3));
    assertThat(r.finishReason()).isEqualTo("length");
    assertThat(r.response()).hasSizeLessThanOrEqualTo(12);
  }

  @Test
  void injects429WithRetryAfterAnd5xx() throws Exception {
    SimulatorSettings sim = new SimulatorSettings(Duration.ZERO, Duration.ZERO, 1.0, 0, Duration.ofMillis(2500), 1, "");
    FakeClock clock = new FakeClock(0);
    LlmSettings s = settings().toBuilder().simulator(sim).maxRetries(1).build();
    LlmResult r = LlmClient.forTask(s, org.instructsynth.llm.sim.SimulatedLlmServer.baseUrlFor(s), RateShare.of(s, 1), n -> null, clock).call(chat("hi", 0, 8));
    assertThat(r.status()).isEqualTo("failed");
    assertThat(r.httpStatus()).isEqualTo(429);
    assertThat(r.rateLimited()).isEqualTo(2);
    assertThat(r.error()).contains("SIMULATED rate limit");
    assertThat(clock.sleeps()).contains(2_500_000_000L);

    SimulatorSettings errors = new SimulatorSettings(Duration.ZERO, Duration.ZERO, 0, 1.0, null, 1, "");
    LlmSettings s5 = settings().toBuilder().simulator(errors).maxRetries(0).build();
    LlmResult r5 = LlmClient.forTask(s5, org.instructsynth.llm.sim.SimulatedLlmServer.baseUrlFor(s5), RateShare.of(s5, 1), n -> null, clock).call(chat("hi", 0, 8));
    assertThat(r5.httpStatus()).isIn(500, 503);
  }

  @Test
  void loadsSelfInstructSeedTasks(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("seed_tasks.jsonl");
    Files.writeString(file,
        "{\"id\": \"seed_task_0\", \"name\": \"x\", \"instruction\": \"Name a fruit.\", \"instances\": [{\"input\": \"\", \"output\": \"Apple\"}], \"is_classification\": false}\n\n");
    List<SeedTask> seeds = SimulatedLlmServer.loadSeeds(file.toString());
    assertThat(seeds).hasSize(1);
    assertThat(seeds.get(0).instances().get(0).output()).isEqualTo("Apple");
    try (SimulatedLlmServer server = new SimulatedLlmServer(SimulatorSettings.defaults(), seeds, SimulatedResponders.defaults())) {
      LlmSettings s = settings();
      LlmClient client = new LlmClient(s, server.baseUrl(), "", HttpClients.shared(HttpClients.keyOf(s)),
          new TaskRateLimiter(1e6, 1e9, new FakeClock(0), Duration.ofSeconds(1)), new FakeClock(0), () -> 0L);
      // the only seed: its output, possibly with a planted defect around it
      assertThat(client.call(chat("Please name a fruit", 0, 100)).response()).containsAnyOf("Apple", "Name a fruit.");
      assertThat(server.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void partitionCallerReturnsEveryItemAndStopsAtTheBudget() {
    LlmSettings s = settings().toBuilder().prices(Map.of("sim-model", new ModelPrice(10_000, 10_000))).budgetUsd(1.0).build();
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 40; i++) items.add("Give three tips for staying healthy, variant " + i);
    items.add("{bad");
    LlmClient client = client(s);
    PartitionCaller<String> caller = new PartitionCaller<>(items.iterator(),
        item -> item.startsWith("{") ? LlmRequest.fromJson(item) : chat(item, 0, 16), item -> "key-" + item, client, s, 4, 1.0);
    List<PartitionCaller.Completed<String>> results = new ArrayList<>();
    caller.forEachRemaining(results::add);
    assertThat(results).hasSize(41);
    assertThat(results).extracting(PartitionCaller.Completed::item).containsExactlyInAnyOrderElementsOf(items);
    long ok = results.stream().filter(r -> r.result().ok()).count();
    long skipped = results.stream().filter(r -> r.result().status().equals("skipped_budget")).count();
    long failed = results.stream().filter(r -> r.result().status().equals("failed")).count();
    assertThat(failed).isEqualTo(1);
    assertThat(ok).isGreaterThan(0);
    assertThat(skipped).isGreaterThan(0);
    assertThat(ok + skipped + failed).isEqualTo(41);
    assertThat(caller.spentUsd()).isLessThanOrEqualTo(1.0);
    double sum = results.stream().mapToDouble(r -> r.result().costUsd()).sum();
    assertThat(sum).isCloseTo(caller.spentUsd(), org.assertj.core.api.Assertions.within(1e-9));
  }
}
