package org.instructsynth.pipeline.llm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.instructsynth.llm.HttpClients;
import org.instructsynth.llm.LlmAuthException;
import org.instructsynth.llm.LlmClock;
import org.instructsynth.llm.LlmResult;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.Secrets;
import org.instructsynth.llm.sim.SimulatedLlmServer;
import org.instructsynth.llm.batch.BatchClient;
import org.instructsynth.llm.batch.BatchItem;
import org.instructsynth.llm.batch.BatchRunner;
import org.instructsynth.pipeline.DriverRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code llm.mode: batch}: the missing requests go to OpenAI's Batch API from the driver (one file
 * per 50,000 requests or 200 MB) instead of being called from the executors. Ended batches are
 * written to the ledger like online calls (at the batch price); batches still running after {@code
 * llm.batch-wait} stay recorded under {@code <ledger>/_batches/} and the run ends partial; the next
 * run with the same requests collects them instead of submitting again.
 */
public final class BatchLlmStage {
  private static final Logger LOG = LoggerFactory.getLogger(BatchLlmStage.class);

  /** What is still running: requests, batch ids, and the user-facing message (empty when nothing is). */
  public record Pending(long requests, List<String> batchIds, String message) {
    public static final Pending NONE = new Pending(0, List.of(), "");
  }

  private BatchLlmStage() {}

  /**
   * Submits or collects the {@code missing} requests and writes the ended ones (ledger schema) to
   * {@code out}, the stage's staging folder, from which {@link LedgerCommit} appends them to the ledger.
   * Within the run's {@code budget}: batches this stage collects give back what they held; new
   * requests are submitted as far as what is left holds their worst case, the rest written as {@code
   * skipped_budget} ({@link BatchRunner#run(List, org.instructsynth.llm.batch.BatchRecords, double)});
   * a batch still running holds its requests' worst case for the rest of the run.
   */
  public static Pending run(SparkSession spark, Dataset<Row> missing, LlmStage.Options options, EnvLookup env, String out,
      RunBudget budget) {
    LlmSettings settings = options.settings();
    Map<String, Row> rows = new HashMap<>();
    List<BatchItem> items = new ArrayList<>();
    List<LlmResult> results = new ArrayList<>();
    for (Row row : missing.collectAsList()) {
      String key = row.getAs("request_key");
      rows.put(key, row);
      try {
        items.add(new BatchItem(key, CallLlmPartition.toRequest(row)));
      } catch (IllegalArgumentException bad) {
        results.add(LlmResult.failed(key, "", 0, 0, null, bad.getMessage(), 0));
      }
    }
    BatchRecordsDir records = new BatchRecordsDir(options.ledgerPath(), spark.sparkContext().hadoopConfiguration());
    BatchRunner.Outcome outcome;
    budget.release(BatchRunner.claimed(rows.keySet(), records.list()).stream().map(p -> p.batchId()).toList());
    try {
      outcome = new BatchRunner(client(settings, env), settings, LlmClock.SYSTEM).run(items, records, budget.remaining());
    } catch (IOException e) {
      throw new UncheckedIOException("the LLM Batch API failed: " + Secrets.redact(e.getMessage()) + ". Batches already submitted are "
          + "recorded in " + records.dir() + " and collected by a rerun; check llm.base-url and that the server offers /v1/files "
          + "and /v1/batches (vLLM and llama.cpp do not: use llm.mode: online)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the LLM batch; a rerun collects it", e);
    }
    results.addAll(outcome.results());
    write(spark, options, rows, results, out);
    outcome.pendingWorstUsd().forEach(budget::reserve);
    if (outcome.pending().isEmpty()) {
      return Pending.NONE;
    }
    List<String> ids = outcome.pending().stream().map(p -> p.batchId()).toList();
    String message = String.format(Locale.ROOT,
        "%d LLM calls are pending in batch %s (llm.mode: batch), still running after llm.batch-wait %s; the run is partial. "
            + "Rerun the same date later (the Batch API finishes within 24 h) to collect them: they are recorded in %s and are "
            + "not submitted or paid again",
        outcome.pendingRequests(), String.join(", ", ids), settings.calls().batchWait(), records.dir());
    LOG.warn(message);
    return new Pending(outcome.pendingRequests(), ids, message);
  }

  private static BatchClient client(LlmSettings settings, EnvLookup env) {
    String baseUrl = SimulatedLlmServer.baseUrlFor(settings);
    String key = "";
    if (!LlmSettings.SIMULATED.equals(settings.provider()) && !settings.apiKeyEnv().isEmpty()) {
      key = env.apply(settings.apiKeyEnv());
      if (key == null || key.isBlank()) {
        throw new LlmAuthException(String.format(Locale.ROOT,
            "environment variable %s (llm.api-key-env) is not set on the driver, which submits the batch; %s",
            settings.apiKeyEnv(), Secrets.EXPORT_HINT));
      }
    }
    Map<String, String> headers = Secrets.headersFromEnv(settings.calls().headerEnvs(), env);
    return new BatchClient(HttpClients.shared(HttpClients.keyOf(settings)), baseUrl, key, headers, settings.maxRetries(),
        settings.backoffBase().toMillis(), LlmClock.SYSTEM);
  }

  /** The rows {@link #run} wrote to {@code out} (none when no batch ended). */
  static Dataset<Row> read(SparkSession spark, LlmStage.Options options, String out) {
    return spark.read().schema(Ledger.readSchema()).format(options.format()).load(out);
  }

  private static void write(SparkSession spark, LlmStage.Options options, Map<String, Row> rows, List<LlmResult> results, String out) {
    boolean java8Time = Boolean.parseBoolean(spark.conf().get("spark.sql.datetime.java8API.enabled", "false"));
    Instant now = Instant.now();
    List<Row> ledgerRows = new ArrayList<>();
    for (LlmResult r : results) {
      Row in = rows.get(r.requestKey());
      ledgerRows.add(Ledger.row(r.requestKey(), options.recipe(), in.getAs("stage"), in.getAs("request"), r,
          java8Time ? now : Timestamp.from(now), options.runDate()));
    }
    // written even when empty, so that read() finds a folder with the schema
    DriverRows.frame(spark, ledgerRows, Ledger.SCHEMA).write().mode(SaveMode.Overwrite).format(options.format()).save(out);
  }
}
