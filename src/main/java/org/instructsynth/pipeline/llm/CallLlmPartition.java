package org.instructsynth.pipeline.llm;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.instructsynth.llm.LlmClient;
import org.instructsynth.llm.LlmClock;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.llm.LlmResult;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.PartitionCaller;
import org.instructsynth.llm.RateShare;
import org.instructsynth.llm.SharedLimiters;

/**
 * Calls the LLM for one partition of missing requests (columns {@code request_key}, {@code stage},
 * {@code request}) and yields one ledger row ({@link Ledger#SCHEMA}) per request, lazily, with up to
 * the task's in-flight share of calls running. Holds only serialisable settings; the HTTP client,
 * rate limiter and API key are created on the executor.
 */
public final class CallLlmPartition implements MapPartitionsFunction<Row, Row> {
  private final LlmSettings settings;
  private final RateShare share;
  private final String recipe;
  private final String runDate;
  private final boolean java8Time;
  private final EnvLookup env;
  private final LlmCounters counters;
  private final String journalDir;
  private final org.apache.spark.util.SerializableConfiguration hadoopConf;
  private final SimulatorSeeds simulatorSeeds;

  CallLlmPartition(LlmSettings settings, RateShare share, String recipe, String runDate, boolean java8Time, EnvLookup env, LlmCounters counters,
      String journalDir, org.apache.spark.util.SerializableConfiguration hadoopConf) {
    this(settings, share, recipe, runDate, java8Time, env, counters, journalDir, hadoopConf, null);
  }

  /** @param simulatorSeeds the SIMULATED endpoint's seed file as the driver read it, or null */
  CallLlmPartition(LlmSettings settings, RateShare share, String recipe, String runDate, boolean java8Time, EnvLookup env, LlmCounters counters,
      String journalDir, org.apache.spark.util.SerializableConfiguration hadoopConf, SimulatorSeeds simulatorSeeds) {
    this.simulatorSeeds = simulatorSeeds;
    this.journalDir = journalDir;
    this.hadoopConf = hadoopConf;
    this.settings = settings;
    this.share = share;
    this.recipe = recipe;
    this.runDate = runDate;
    this.java8Time = java8Time;
    this.env = env;
    this.counters = counters;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    if (!input.hasNext()) {
      return java.util.Collections.emptyIterator();
    }
    TaskContext task = TaskContext.get();
    Calls calls = open(input, task == null ? 0 : task.partitionId());
    if (task != null) {
      task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> calls.close());
    }
    return calls;
  }

  /**
   * Calls every request of {@code input} here, on the driver ({@code llm.driver-max-requests}), and
   * returns their ledger rows once all have finished; the HTTP client, limiter and journal are closed
   * before it returns, whatever happens.
   */
  java.util.List<Row> callAll(Iterator<Row> input) {
    java.util.List<Row> rows = new java.util.ArrayList<>();
    if (!input.hasNext()) {
      return rows;
    }
    try (Calls calls = open(input, 0)) {
      calls.forEachRemaining(rows::add);
    }
    return rows;
  }

  /** The ledger rows of {@code input} as their calls finish, and what must be closed after the last. */
  private interface Calls extends Iterator<Row>, AutoCloseable {
    @Override
    void close();
  }

  private Calls open(Iterator<Row> input, int partition) {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(journalDir);
    org.apache.hadoop.fs.FileSystem fs;
    try {
      fs = dir.getFileSystem(hadoopConf.value());
      if (fs instanceof org.apache.hadoop.fs.LocalFileSystem local) {
        // the checksummed local file system cannot read a file another attempt is still writing
        fs = local.getRaw();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot open the file system of the LLM call journal " + journalDir + ": " + e.getMessage(), e);
    }
    // Calls a failed attempt of this run already paid for are replayed, not made again.
    java.util.Map<String, Row> paid = CallJournal.load(fs, dir, java8Time);
    java.util.ArrayDeque<Row> replay = new java.util.ArrayDeque<>();
    Iterator<Row> unpaid = new Iterator<>() {
      private Row next;

      @Override
      public boolean hasNext() {
        while (next == null && input.hasNext()) {
          Row row = input.next();
          Row done = paid.get(row.<String>getAs("request_key"));
          if (done == null) {
            next = row;
          } else {
            replay.add(done);
          }
        }
        return next != null;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException("no more unpaid LLM requests in this partition");
        }
        Row row = next;
        next = null;
        return row;
      }
    };
    LlmSettings here = SimulatorSeeds.resolve(settings, simulatorSeeds);
    // One limiter per executor JVM and stage, shared by its tasks (rate control, SharedLimiters).
    SharedLimiters.Lease lease = SharedLimiters.lease(here, share, share.executorFraction(executorCores(share)), LlmClock.SYSTEM);
    lease.onPause(counters::waitingUntil);
    LlmClient client = LlmClient.forTask(here, org.instructsynth.llm.sim.SimulatedLlmServer.baseUrlFor(here), lease.limiter(), env, LlmClock.SYSTEM);
    PartitionCaller<Row> caller = new PartitionCaller<>(unpaid, CallLlmPartition::toRequest, row -> row.getAs("request_key"),
        client, here, lease.limiter().maxInFlight(), share.budgetUsd());
    CallJournal journal = CallJournal.open(fs, dir, partition);
    return new Calls() {
      @Override
      public void close() {
        caller.close();
        journal.close();
        lease.close();
      }

      @Override
      public boolean hasNext() {
        if (!replay.isEmpty()) {
          return true;
        }
        boolean more = caller.hasNext();
        return more || !replay.isEmpty();
      }

      @Override
      public Row next() {
        if (!replay.isEmpty()) {
          counters.done.add(1);
          counters.ok.add(1);
          return replay.poll();
        }
        PartitionCaller.Completed<Row> done = caller.next();
        counters.add(done.result());
        Row row = toLedgerRow(done.item(), done.result());
        journal.append(row);
        return row;
      }
    };
  }

  /**
   * Cores of this executor JVM: all task slots in local mode (the driver runs every task), else
   * {@code spark.executor.cores}, else the JVM's processors (standalone's default executor size).
   */
  static int executorCores(RateShare share) {
    org.apache.spark.SparkEnv sparkEnv = org.apache.spark.SparkEnv.get();
    if (sparkEnv == null || "driver".equals(sparkEnv.executorId())) {
      return share.taskSlots();
    }
    return sparkEnv.conf().getInt("spark.executor.cores", Runtime.getRuntime().availableProcessors());
  }

  static LlmRequest toRequest(Row row) {
    String key = row.getAs("request_key");
    LlmRequest request = LlmRequest.fromJson(row.getAs("request"));
    String computed = request.requestKey();
    if (!computed.equals(key)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "request_key %s is not the SHA-256 of the canonical request (%s); build both with LlmRequest.requestKey() "
              + "and canonicalJson(), otherwise reruns cannot find the ledger row", key, computed));
    }
    return request;
  }

  private Row toLedgerRow(Row in, LlmResult r) {
    Instant now = Instant.now();
    return Ledger.row(in.<String>getAs("request_key"), recipe, in.<String>getAs("stage"), in.<String>getAs("request"), r,
        java8Time ? now : Timestamp.from(now), runDate);
  }
}
