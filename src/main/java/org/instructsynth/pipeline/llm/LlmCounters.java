package org.instructsynth.pipeline.llm;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;
import org.instructsynth.llm.LlmResult;

/** Driver-registered accumulators the partition function adds to, one per progress figure. */
public final class LlmCounters implements Serializable {
  final LongAccumulator done;
  final LongAccumulator ok;
  final LongAccumulator failed;
  final LongAccumulator skipped;
  final LongAccumulator retries;
  final LongAccumulator rateLimited;
  final LongAccumulator tokens;
  final LongAccumulator costMicroUsd;
  /**
   * Rate control: per running task, the epoch millisecond at which the provider's rate-limit pause
   * of its shared limiter ends (read from heartbeats only; the merged total means nothing).
   */
  final LongAccumulator waitUntilMs;

  LlmCounters(SparkContext sc) {
    done = sc.longAccumulator("llm.done");
    ok = sc.longAccumulator("llm.ok");
    failed = sc.longAccumulator("llm.failed");
    skipped = sc.longAccumulator("llm.skipped");
    retries = sc.longAccumulator("llm.retries");
    rateLimited = sc.longAccumulator("llm.rate_limited");
    tokens = sc.longAccumulator("llm.tokens");
    costMicroUsd = sc.longAccumulator("llm.cost_micro_usd");
    waitUntilMs = sc.longAccumulator("llm.wait_until_ms");
  }

  void add(LlmResult r) {
    done.add(1);
    switch (r.status()) {
      case LlmResult.OK -> ok.add(1);
      case LlmResult.SKIPPED_BUDGET -> skipped.add(1);
      default -> failed.add(1);
    }
    retries.add(Math.max(0, r.attempts() - 1));
    rateLimited.add(r.rateLimited());
    tokens.add(r.promptTokens() + r.completionTokens());
    costMicroUsd.add(Math.round(r.costUsd() * 1e6));
  }

  /** Sets this task's {@link #waitUntilMs} to {@code epochMillis}, from any of its call threads. */
  void waitingUntil(long epochMillis) {
    synchronized (waitUntilMs) {
      if (epochMillis > waitUntilMs.value()) {
        waitUntilMs.add(epochMillis - waitUntilMs.value());
      }
    }
  }

  List<LongAccumulator> all() {
    return List.of(done, ok, failed, skipped, retries, rateLimited, tokens, costMicroUsd, waitUntilMs);
  }
}
