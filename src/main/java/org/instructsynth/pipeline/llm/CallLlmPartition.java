package org.instructsynth.pipeline.llm;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.instructsynth.llm.LlmClient;
import org.instructsynth.llm.LlmClock;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.llm.LlmResult;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.PartitionCaller;
import org.instructsynth.llm.RateShare;

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

  CallLlmPartition(LlmSettings settings, RateShare share, String recipe, String runDate, boolean java8Time, EnvLookup env, LlmCounters counters) {
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
    LlmClient client = LlmClient.forTask(settings, share, env, LlmClock.SYSTEM);
    PartitionCaller<Row> caller = new PartitionCaller<>(input, CallLlmPartition::toRequest, row -> row.getAs("request_key"),
        client, settings, share.maxInFlight(), share.budgetUsd());
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> caller.close());
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return caller.hasNext();
      }

      @Override
      public Row next() {
        PartitionCaller.Completed<Row> done = caller.next();
        counters.add(done.result());
        return toLedgerRow(done.item(), done.result());
      }
    };
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
    String request = in.getAs("request");
    Instant now = Instant.now();
    return RowFactory.create(
        in.<String>getAs("request_key"), recipe, in.<String>getAs("stage"), r.model(), request, r.response(), r.finishReason(),
        r.promptTokens(), r.completionTokens(), r.latencyMs(), r.attempts(), r.status(), r.httpStatus(), r.error(), r.costUsd(),
        java8Time ? now : Timestamp.from(now), runDate);
  }
}
