package org.instructsynth.llm;

import java.io.Serializable;
import java.time.Duration;

/**
 * Options of the simulated endpoint ({@code llm.provider: simulated}). The values, including
 * {@code min-latency <= max-latency} and {@code rate-429 + rate-5xx <= 1}, are checked once where
 * {@code llm.simulator} is bound ({@code config/LlmConfig}).
 *
 * @param minLatency lower bound of the uniformly drawn response latency
 * @param maxLatency upper bound of the latency; equal to {@code minLatency} for a fixed latency
 * @param rate429 fraction of requests answered with HTTP 429 and a {@code Retry-After} header
 * @param rate5xx fraction of requests answered with HTTP 500 or 503
 * @param retryAfter the {@code Retry-After} the simulator sends with a 429
 * @param seed seeds the answers (together with the request content and sample index)
 * @param seedTasksPath a Self-Instruct {@code seed_tasks.jsonl} the answers are drawn from; empty
 *     means the small built-in corpus. It must be readable where the executors run.
 */
public record SimulatorSettings(
    Duration minLatency,
    Duration maxLatency,
    double rate429,
    double rate5xx,
    Duration retryAfter,
    long seed,
    String seedTasksPath)
    implements Serializable {

  public SimulatorSettings {
    minLatency = minLatency == null ? Duration.ZERO : minLatency;
    maxLatency = maxLatency == null ? minLatency : maxLatency;
    retryAfter = retryAfter == null ? Duration.ofSeconds(1) : retryAfter;
    seedTasksPath = seedTasksPath == null ? "" : seedTasksPath;
  }

  /** No latency, no injected errors, seed 42, built-in corpus. */
  public static SimulatorSettings defaults() {
    return new SimulatorSettings(Duration.ZERO, Duration.ZERO, 0, 0, Duration.ofSeconds(1), 42, "");
  }
}
