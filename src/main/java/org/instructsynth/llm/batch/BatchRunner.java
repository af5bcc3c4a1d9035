package org.instructsynth.llm.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.instructsynth.llm.LlmClock;
import org.instructsynth.llm.LlmResult;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.PartitionCaller;

/**
 * Submits requests to the Batch API and collects them, across runs: requests already in a recorded
 * pending batch are collected from it, the others (as many as the budget holds, in key order) are
 * split into files ({@link BatchFiles}),
 * uploaded and submitted, and their batches recorded before anything else happens. Then every
 * batch is polled until it ends or {@code llm.batch-wait} passes. An ended batch's results (and the
 * failures of its error file) are returned and its record removed; a batch still running stays
 * recorded and is reported as pending, for the next run to collect.
 */
public final class BatchRunner {
  private static final System.Logger LOG = System.getLogger(BatchRunner.class.getName());

  /**
   * The results of ended batches (and the {@code skipped_budget} results of requests the budget left
   * out) and the batches still running.
   *
   * @param skipped requests not submitted because their worst case did not fit in the budget
   * @param pendingWorstUsd by batch id still running, the worst case of its requests (NaN when unpriced)
   */
  public record Outcome(List<LlmResult> results, List<PendingBatch> pending, long pendingRequests, int submitted, int collected,
      long skipped, Map<String, Double> pendingWorstUsd) {}

  private final BatchClient client;
  private final LlmSettings settings;
  private final LlmClock clock;
  private final int maxRequests;
  private final long maxBytes;

  public BatchRunner(BatchClient client, LlmSettings settings, LlmClock clock) {
    this(client, settings, clock, BatchFiles.MAX_REQUESTS, BatchFiles.MAX_BYTES);
  }

  /** With smaller file limits than the API's, for tests of splitting. */
  public BatchRunner(BatchClient client, LlmSettings settings, LlmClock clock, int maxRequests, long maxBytes) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
    this.maxRequests = maxRequests;
    this.maxBytes = maxBytes;
  }

  /** As {@link #run(List, BatchRecords, double)} without a budget. */
  public Outcome run(List<BatchItem> items, BatchRecords records) throws IOException, InterruptedException {
    return run(items, records, Double.POSITIVE_INFINITY);
  }

  /** The recorded batches that hold any of {@code keys}: a run collects them instead of submitting their requests. */
  public static List<PendingBatch> claimed(Collection<String> keys, List<PendingBatch> recorded) {
    Set<String> wanted = keys instanceof Set<String> set ? set : new HashSet<>(keys);
    return recorded.stream().filter(p -> p.keys().stream().anyMatch(wanted::contains)).toList();
  }

  /**
   * Collects the recorded batches holding any of {@code items}, submits the others that fit in
   * {@code budgetUsd}, and waits up to {@code llm.batch-wait}.
   *
   * <p>Budget: first every claimed batch is polled once and the ended ones collected; their real cost,
   * and the worst case ({@link PartitionCaller#worstCaseUsd}, at the batch price) of the requests in
   * claimed batches still running, come off {@code budgetUsd}. The unclaimed requests are then taken in
   * request-key order, each submitted if its worst case fits in what is left, else {@code
   * skipped_budget} (a later run submits it): the same budget and requests always choose the same
   * ones. A request of an unpriced model cannot be limited (its worst case is unknown) and is submitted.
   *
   * @param budgetUsd dollars this stage may spend; {@link Double#POSITIVE_INFINITY} for no limit
   */
  public Outcome run(List<BatchItem> items, BatchRecords records, double budgetUsd) throws IOException, InterruptedException {
    Map<String, BatchItem> byKey = new TreeMap<>();
    items.forEach(i -> byKey.put(i.key(), i));
    List<PendingBatch> claimed = claimed(byKey.keySet(), records.list());
    Map<String, BatchItem> unclaimed = new TreeMap<>(byKey);
    claimed.forEach(p -> p.keys().forEach(unclaimed::remove));
    if (!claimed.isEmpty()) {
      LOG.log(System.Logger.Level.INFO, "LLM batch: collecting {0} batch(es) submitted by an earlier run: {1}", claimed.size(),
          claimed.stream().map(PendingBatch::batchId).toList());
    }
    List<LlmResult> results = new ArrayList<>();
    List<PendingBatch> waiting = poll(claimed, byKey, records, results);
    double left = budgetUsd - knownCost(results) - waiting.stream().mapToDouble(p -> known(worstCase(p, byKey))).sum();
    List<BatchItem> submit = new ArrayList<>();
    long skipped = 0;
    for (BatchItem item : unclaimed.values()) {
      double worst = PartitionCaller.worstCaseUsd(settings, item.request());
      if (Double.isNaN(worst) || worst <= left) {
        left -= known(worst);
        submit.add(item);
      } else {
        results.add(LlmResult.skippedBudget(item.key(), item.request().model(), settings.budgetUsd()));
        skipped++;
      }
    }
    if (skipped > 0) {
      LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "LLM batch: llm.budget-usd leaves room for %d of %d new requests "
          + "(at their worst case); %d skipped_budget, for a later run", submit.size(), unclaimed.size(), skipped));
    }
    String endpoint = BatchFiles.endpoint(settings);
    List<BatchFiles.Chunk> chunks = BatchFiles.split(submit, endpoint, maxRequests, maxBytes);
    for (BatchFiles.Chunk chunk : chunks) {
      String hash = keysSha256(chunk.keys());
      String fileId = client.upload("instruct-synth-" + hash.substring(0, 16) + ".jsonl", chunk.jsonl());
      BatchClient.Status created = client.create(fileId, endpoint, Map.of("instruct_synth_keys_sha256", hash));
      PendingBatch p = new PendingBatch(created.id(), fileId, endpoint, hash, clock.epochMillis(), chunk.keys());
      records.save(p);
      waiting.add(p);
      LOG.log(System.Logger.Level.INFO, "LLM batch: submitted {0} with {1} requests ({2} bytes)", created.id(), chunk.keys().size(),
          chunk.jsonl().length);
    }
    long deadline = clock.nanoTime() + settings.calls().batchWait().toNanos();
    long poll = pollNanos(settings.calls().batchWait());
    while (!waiting.isEmpty()) {
      waiting = poll(waiting, byKey, records, results);
      long wait = deadline - clock.nanoTime();
      if (waiting.isEmpty() || wait <= 0) {
        break;
      }
      clock.sleepNanos(Math.min(poll, wait));
    }
    long pendingRequests = waiting.stream().flatMap(p -> p.keys().stream()).filter(byKey::containsKey).count();
    Map<String, Double> pendingWorst = new LinkedHashMap<>();
    waiting.forEach(p -> pendingWorst.put(p.batchId(), worstCase(p, byKey)));
    return new Outcome(results, waiting, pendingRequests, chunks.size(), claimed.size(), skipped, pendingWorst);
  }

  /** Reads each batch's status once; collects the ended ones into {@code results} and forgets them; returns the others. */
  private List<PendingBatch> poll(List<PendingBatch> batches, Map<String, BatchItem> byKey, BatchRecords records, List<LlmResult> results)
      throws IOException, InterruptedException {
    List<PendingBatch> still = new ArrayList<>();
    for (PendingBatch p : batches) {
      BatchClient.Status s = client.get(p.batchId());
      if (s.terminal()) {
        results.addAll(collect(p, s, byKey));
        records.remove(p);
      } else {
        still.add(p);
      }
    }
    return still;
  }

  /** The worst case of the batch's requests among {@code byKey}; NaN when one is unpriced. */
  private double worstCase(PendingBatch p, Map<String, BatchItem> byKey) {
    return p.keys().stream().filter(byKey::containsKey).mapToDouble(k -> PartitionCaller.worstCaseUsd(settings, byKey.get(k).request())).sum();
  }

  private static double knownCost(List<LlmResult> results) {
    return results.stream().mapToDouble(r -> known(r.costUsd())).sum();
  }

  private static double known(double usd) {
    return Double.isNaN(usd) ? 0 : usd;
  }

  private List<LlmResult> collect(PendingBatch p, BatchClient.Status s, Map<String, BatchItem> byKey) throws IOException, InterruptedException {
    Map<String, BatchItem> mine = new HashMap<>();
    p.keys().stream().filter(byKey::containsKey).forEach(k -> mine.put(k, byKey.get(k)));
    Map<String, LlmResult> out = new HashMap<>();
    if (s.outputFileId() != null) {
      out.putAll(BatchResults.map(p.batchId(), client.content(s.outputFileId()), mine, settings));
    }
    if (s.errorFileId() != null) {
      BatchResults.map(p.batchId(), client.content(s.errorFileId()), mine, settings).forEach(out::putIfAbsent);
    }
    for (BatchItem item : mine.values()) {
      out.computeIfAbsent(item.key(), k -> LlmResult.failed(k, item.request().model(), 1, 0, null, String.format(Locale.ROOT,
          "batch %s ended '%s' without a result for this request; rerun to submit it again", p.batchId(), s.status()), 0));
    }
    LOG.log(System.Logger.Level.INFO, "LLM batch: {0} ended {1}: {2} ok, {3} failed", p.batchId(), s.status(),
        out.values().stream().filter(LlmResult::ok).count(), out.values().stream().filter(r -> !r.ok()).count());
    return new ArrayList<>(out.values());
  }

  /** A tenth of the wait, between 50 ms and 30 s. */
  static long pollNanos(Duration wait) {
    return Math.max(Duration.ofMillis(50).toNanos(), Math.min(Duration.ofSeconds(30).toNanos(), wait.toNanos() / 10));
  }

  /** SHA-256 of the sorted keys, one a line. */
  public static String keysSha256(List<String> keys) {
    List<String> sorted = new ArrayList<>(keys);
    sorted.sort(null);
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(String.join("\n", sorted).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
