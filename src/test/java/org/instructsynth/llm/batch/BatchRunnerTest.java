package org.instructsynth.llm.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.function.Function;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import org.instructsynth.core.prompt.ChatMessage;
import org.instructsynth.llm.CallOptions;
import org.instructsynth.llm.HttpClients;
import org.instructsynth.llm.LlmClock;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.llm.LlmResult;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.ModelPrice;
import org.instructsynth.llm.PartitionCaller;
import org.instructsynth.llm.Sampling;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Batch API conversation against a server that behaves like OpenAI's, without Spark. */
class BatchRunnerTest {
  private static final String KEY = "sk-batch-test-Kq7Lm2Np9Rs4";

  /** Records in memory, as the pipeline keeps them in files. */
  static final class MemoryRecords implements BatchRecords {
    final Map<String, PendingBatch> byHash = new LinkedHashMap<>();

    @Override public List<PendingBatch> list() { return new ArrayList<>(byHash.values()); }
    @Override public void save(PendingBatch batch) { byHash.put(batch.keysSha256(), batch); }
    @Override public void remove(PendingBatch batch) { byHash.remove(batch.keysSha256()); }
  }

  private MockWebServer server;
  private FakeBatchApi api;

  private void start(int pollsUntilDone) throws IOException {
    api = new FakeBatchApi(KEY, pollsUntilDone);
    server = new MockWebServer();
    server.setDispatcher(api);
    server.start();
  }

  @BeforeEach
  void none() {}

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private LlmSettings settings(Duration wait) {
    return LlmSettings.defaults().toBuilder().provider(LlmSettings.OPENAI_COMPATIBLE).baseUrl(server.url("/v1").toString())
        .model("gpt-4o-mini").prices(Map.of("gpt-4o-mini", new ModelPrice(0.15, 0.60, 0.075))).maxRetries(1)
        .backoffBase(Duration.ofMillis(10)).calls(new CallOptions(CallOptions.BATCH, wait, 0.5, Map.of(), false)).build();
  }

  private BatchRunner runner(LlmSettings s, int maxRequests) {
    BatchClient client = new BatchClient(HttpClients.shared(HttpClients.keyOf(s)), s.baseUrl(), KEY, Map.of(), 1, 10, LlmClock.SYSTEM);
    return new BatchRunner(client, s, LlmClock.SYSTEM, maxRequests, BatchFiles.MAX_BYTES);
  }

  static List<BatchItem> items(int n) {
    List<BatchItem> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String text = i == 1 ? "please reject me" : "Write a haiku about the number " + i;
      LlmRequest r = LlmRequest.chat("gpt-4o-mini", List.of(ChatMessage.user(text)), Sampling.defaults().withMaxTokens(64), 0);
      out.add(new BatchItem(r.requestKey(), r));
    }
    return out;
  }

  @Test
  void uploadsCreatesPollsAndMapsOutputAndErrorFilesBack() throws Exception {
    start(2);
    MemoryRecords records = new MemoryRecords();
    List<BatchItem> items = items(5);
    BatchRunner.Outcome outcome = runner(settings(Duration.ofSeconds(20)), 50_000).run(items, records);

    assertThat(api.requestLines).containsExactly("POST /v1/files", "POST /v1/batches", "GET /v1/batches/batch_2",
        "GET /v1/batches/batch_2", "GET /v1/files/file-out-3/content", "GET /v1/files/file-err-4/content");
    assertThat(api.authorizations).allMatch(("Bearer " + KEY)::equals);
    String upload = api.uploads.get(0);
    assertThat(upload.split("\n")).hasSize(5).allMatch(l -> l.contains("\"method\":\"POST\"") && l.contains("\"url\":\"/v1/chat/completions\""));
    assertThat(upload).contains("\"custom_id\":\"" + items.get(0).key() + "\"").contains("\"max_tokens\":64");

    assertThat(outcome.pending()).isEmpty();
    assertThat(records.byHash).isEmpty();
    Map<String, LlmResult> byKey = outcome.results().stream().collect(Collectors.toMap(LlmResult::requestKey, Function.identity()));
    assertThat(byKey).hasSize(5);
    LlmResult ok = byKey.get(items.get(0).key());
    assertThat(ok.status()).isEqualTo(LlmResult.OK);
    assertThat(ok.response()).startsWith("answer for ");
    assertThat(ok.promptTokens()).isEqualTo(1000);
    assertThat(ok.cachedTokens()).isEqualTo(400);
    // batch price = half of 0.15 / 0.60 / 0.075 per 1M: 600 uncached + 400 cached prompt tokens, 100 completion tokens
    assertThat(ok.costUsd()).isCloseTo((600 * 0.075 + 400 * 0.0375 + 100 * 0.30) / 1e6, within(1e-15));
    LlmResult rejected = byKey.get(items.get(1).key());
    assertThat(rejected.status()).isEqualTo(LlmResult.FAILED);
    assertThat(rejected.httpStatus()).isEqualTo(400);
    assertThat(rejected.error()).contains("batch batch_2").contains("This prompt was rejected").contains("invalid_prompt");
  }

  @Test
  void splitsAtTheRequestLimit() throws Exception {
    start(1);
    BatchRunner.Outcome outcome = runner(settings(Duration.ofSeconds(20)), 3).run(items(7), new MemoryRecords());
    assertThat(api.batchCreates.get()).isEqualTo(3);
    assertThat(api.uploads).extracting(u -> u.split("\n").length).containsExactly(3, 3, 1);
    assertThat(outcome.results()).hasSize(7);
    List<BatchFiles.Chunk> bySize = BatchFiles.split(items(4), "/v1/chat/completions", 50_000,
        BatchFiles.line(items(1).get(0), "/v1/chat/completions").length + 10);
    assertThat(bySize).hasSize(4);
  }

  @Test
  void aBatchStillRunningWhenTheWaitEndsIsRecordedAndCollectedByTheNextRunWithoutResubmitting() throws Exception {
    start(0);
    MemoryRecords records = new MemoryRecords();
    List<BatchItem> items = items(4);
    LlmSettings s = settings(Duration.ofMillis(300));
    BatchRunner.Outcome first = runner(s, 50_000).run(items, records);
    assertThat(first.results()).isEmpty();
    assertThat(first.pendingRequests()).isEqualTo(4);
    assertThat(first.pending()).extracting(PendingBatch::batchId).containsExactly("batch_2");
    assertThat(records.byHash).hasSize(1);
    Entry<String, PendingBatch> record = records.byHash.entrySet().iterator().next();
    assertThat(record.getKey()).isEqualTo(BatchRunner.keysSha256(items.stream().map(BatchItem::key).toList()));
    assertThat(PendingBatch.fromJson(record.getValue().toJson())).isEqualTo(record.getValue());

    api.finish();
    BatchRunner.Outcome second = runner(s, 50_000).run(items, records);
    assertThat(api.batchCreates.get()).isEqualTo(1);
    assertThat(api.requests("POST /v1/files")).hasSize(1);
    assertThat(second.collected()).isEqualTo(1);
    assertThat(second.submitted()).isZero();
    assertThat(second.results()).hasSize(4);
    assertThat(second.results().stream().filter(LlmResult::ok)).hasSize(3);
    assertThat(records.byHash).isEmpty();
  }

  private static List<BatchItem> byKey(List<BatchItem> items) {
    List<BatchItem> sorted = new ArrayList<>(items);
    sorted.sort(java.util.Comparator.comparing(BatchItem::key));
    return sorted;
  }

  private static double worst(LlmSettings s, BatchItem item) {
    return PartitionCaller.worstCaseUsd(s, item.request());
  }

  /** Dollars for the worst case of the first {@code k} items plus half the cheapest one: room for exactly k. */
  private static double budgetFor(LlmSettings s, List<BatchItem> sorted, int k) {
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < sorted.size(); i++) {
      min = Math.min(min, worst(s, sorted.get(i)));
      sum += i < k ? worst(s, sorted.get(i)) : 0;
    }
    return sum + min / 2;
  }

  private static double cost(List<LlmResult> results) {
    return results.stream().filter(LlmResult::ok).mapToDouble(LlmResult::costUsd).sum();
  }

  @Test
  void aBudgetForKOfNRequestsSubmitsExactlyTheFirstKInKeyOrderAndTheRerunSubmitsTheRest() throws Exception {
    start(1);
    api.usageFromRequest = true;
    LlmSettings s = settings(Duration.ofSeconds(20));
    List<BatchItem> items = items(7);
    List<BatchItem> sorted = byKey(items);
    double budget = budgetFor(s, sorted, 4);
    assertThat(worst(s, sorted.get(0))).as("the batch price's worst case").isCloseTo(
        LlmSettings.defaults().toBuilder().prices(s.prices()).build().price("gpt-4o-mini").cost(
            sorted.get(0).request().estimatePromptTokens(), 64) / 2, within(1e-15));

    MemoryRecords records = new MemoryRecords();
    BatchRunner.Outcome first = runner(s, 50_000).run(items, records, budget);
    List<String> firstFour = sorted.subList(0, 4).stream().map(BatchItem::key).toList();
    List<String> lastThree = sorted.subList(4, 7).stream().map(BatchItem::key).toList();
    assertThat(api.uploadedKeys(0)).containsExactlyElementsOf(firstFour);
    assertThat(first.skipped()).isEqualTo(3);
    assertThat(first.results().stream().filter(r -> r.status().equals(LlmResult.SKIPPED_BUDGET)).map(LlmResult::requestKey))
        .containsExactlyInAnyOrderElementsOf(lastThree);
    assertThat(first.results().stream().filter(r -> r.status().equals(LlmResult.SKIPPED_BUDGET)))
        .allMatch(r -> r.attempts() == 0 && r.error().contains("llm.budget-usd"));
    assertThat(first.results().stream().filter(r -> !r.status().equals(LlmResult.SKIPPED_BUDGET)).map(LlmResult::requestKey))
        .containsExactlyInAnyOrderElementsOf(firstFour);
    assertThat(cost(first.results())).isPositive().isLessThanOrEqualTo(budget);
    assertThat(records.byHash).isEmpty();

    // the rerun is asked for the skipped ones (the ledger answers the others)
    List<BatchItem> missing = items.stream().filter(i -> lastThree.contains(i.key())).toList();
    BatchRunner.Outcome rerun = runner(s, 50_000).run(missing, records, budget);
    assertThat(api.batchCreates.get()).isEqualTo(2);
    assertThat(api.uploadedKeys(1)).containsExactlyElementsOf(lastThree);
    assertThat(rerun.skipped()).isZero();
    assertThat(cost(rerun.results())).isLessThanOrEqualTo(budget);
  }

  @Test
  void aPendingBatchIsCollectedNotResubmittedAndItsRealCostComesOffTheBudgetBeforeNewRequestsAreChosen() throws Exception {
    start(0);
    api.usageFromRequest = true;
    LlmSettings s = settings(Duration.ofMillis(300));
    List<BatchItem> items = items(8);
    List<BatchItem> sorted = byKey(items);
    double budget = budgetFor(s, sorted, 3);
    MemoryRecords records = new MemoryRecords();

    BatchRunner.Outcome first = runner(s, 50_000).run(items, records, budget);
    List<String> firstThree = sorted.subList(0, 3).stream().map(BatchItem::key).toList();
    assertThat(api.uploadedKeys(0)).containsExactlyElementsOf(firstThree);
    assertThat(first.pendingRequests()).isEqualTo(3);
    assertThat(first.skipped()).isEqualTo(5);
    assertThat(first.pendingWorstUsd()).containsOnlyKeys("batch_2");
    assertThat(first.pendingWorstUsd().get("batch_2"))
        .isCloseTo(sorted.subList(0, 3).stream().mapToDouble(i -> worst(s, i)).sum(), within(1e-15)).isLessThanOrEqualTo(budget);

    api.finish();
    // the next run is asked for all eight again: three are in the recorded batch, five were skipped
    BatchRunner.Outcome second = runner(s, 50_000).run(items, records, budget);
    assertThat(second.collected()).isEqualTo(1);
    assertThat(api.batchCreates.get()).isEqualTo(2);
    List<String> resubmitted = api.uploadedKeys(1);
    assertThat(resubmitted).doesNotContainAnyElementsOf(firstThree);
    double collected = cost(second.results().stream().filter(r -> firstThree.contains(r.requestKey())).toList());
    assertThat(collected).isPositive().isLessThan(first.pendingWorstUsd().get("batch_2")); // real answers are shorter than max_tokens
    // what is left after the collected batch's real cost holds the next requests in key order, as many as fit
    double left = budget - collected;
    List<String> expected = new ArrayList<>();
    for (BatchItem i : sorted.subList(3, 8)) {
      if (worst(s, i) <= left) {
        left -= worst(s, i);
        expected.add(i.key());
      }
    }
    assertThat(expected).as("the collected batch cost less than it held, so more fits").hasSizeGreaterThan(0);
    assertThat(resubmitted).containsExactlyElementsOf(expected);
    assertThat(second.skipped()).isEqualTo(5 - expected.size());
    assertThat(cost(second.results())).isLessThanOrEqualTo(budget);
    assertThat(second.results().stream().map(LlmResult::requestKey)).doesNotHaveDuplicates().hasSize(8);
    assertThat(records.byHash).isEmpty();
  }
}
