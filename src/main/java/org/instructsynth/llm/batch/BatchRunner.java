package org.instructsynth.llm.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.instructsynth.llm.LlmClock;
import org.instructsynth.llm.LlmResult;
import org.instructsynth.llm.LlmSettings;

/**
 * Submits requests to the Batch API and collects them, across runs: requests already in a recorded
 * pending batch are collected from it, the others are split into files ({@link BatchFiles}),
 * uploaded and submitted, and their batches recorded before anything else happens. Then every
 * batch is polled until it ends or {@code llm.batch-wait} passes. An ended batch's results (and the
 * failures of its error file) are returned and its record removed; a batch still running stays
 * recorded and is reported as pending, for the next run to collect.
 */
public final class BatchRunner {
  private static final System.Logger LOG = System.getLogger(BatchRunner.class.getName());

  /** The results of ended batches and the batches still running. */
  public record Outcome(List<LlmResult> results, List<PendingBatch> pending, long pendingRequests, int submitted, int collected) {}

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

  public Outcome run(List<BatchItem> items, BatchRecords records) throws IOException, InterruptedException {
    Map<String, BatchItem> byKey = new LinkedHashMap<>();
    items.forEach(i -> byKey.put(i.key(), i));
    List<PendingBatch> active = new ArrayList<>();
    Map<String, BatchItem> unclaimed = new LinkedHashMap<>(byKey);
    for (PendingBatch p : records.list()) {
      if (p.keys().stream().anyMatch(byKey::containsKey)) {
        active.add(p);
        p.keys().forEach(unclaimed::remove);
      }
    }
    int collectedBefore = active.size();
    if (collectedBefore > 0) {
      LOG.log(System.Logger.Level.INFO, "LLM batch: collecting {0} batch(es) submitted by an earlier run: {1}", collectedBefore,
          active.stream().map(PendingBatch::batchId).toList());
    }
    String endpoint = BatchFiles.endpoint(settings);
    List<BatchFiles.Chunk> chunks = BatchFiles.split(new ArrayList<>(unclaimed.values()), endpoint, maxRequests, maxBytes);
    for (BatchFiles.Chunk chunk : chunks) {
      String hash = keysSha256(chunk.keys());
      String fileId = client.upload("instruct-synth-" + hash.substring(0, 16) + ".jsonl", chunk.jsonl());
      BatchClient.Status created = client.create(fileId, endpoint, Map.of("instruct_synth_keys_sha256", hash));
      PendingBatch p = new PendingBatch(created.id(), fileId, endpoint, hash, clock.epochMillis(), chunk.keys());
      records.save(p);
      active.add(p);
      LOG.log(System.Logger.Level.INFO, "LLM batch: submitted {0} with {1} requests ({2} bytes)", created.id(), chunk.keys().size(),
          chunk.jsonl().length);
    }
    long deadline = clock.nanoTime() + settings.calls().batchWait().toNanos();
    long poll = pollNanos(settings.calls().batchWait());
    List<LlmResult> results = new ArrayList<>();
    List<PendingBatch> waiting = new ArrayList<>(active);
    while (true) {
      List<PendingBatch> still = new ArrayList<>();
      for (PendingBatch p : waiting) {
        BatchClient.Status s = client.get(p.batchId());
        if (s.terminal()) {
          results.addAll(collect(p, s, byKey));
          records.remove(p);
        } else {
          still.add(p);
        }
      }
      waiting = still;
      long left = deadline - clock.nanoTime();
      if (waiting.isEmpty() || left <= 0) {
        break;
      }
      clock.sleepNanos(Math.min(poll, left));
    }
    long pendingRequests = waiting.stream().flatMap(p -> p.keys().stream()).filter(byKey::containsKey).count();
    return new Outcome(results, waiting, pendingRequests, chunks.size(), collectedBefore);
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
