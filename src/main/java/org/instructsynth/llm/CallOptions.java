package org.instructsynth.llm;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How calls are delivered, authenticated and budgeted beyond the basics: online or OpenAI Batch API,
 * the batch wait and price, credential headers read from the environment, structured outputs, and
 * whether a budget may run with an unpriced model. Holds names of environment variables only, never
 * their values.
 *
 * @param mode {@value #ONLINE} (one HTTP call per request) or {@value #BATCH} (OpenAI Batch API)
 * @param batchWait how long one run waits for a submitted batch before ending partial
 * @param batchPriceFactor the share of the model's price a batch call costs (OpenAI: 0.5)
 * @param headerEnvs header name -> name of the environment variable holding its value
 * @param structuredOutputs send {@code response_format: json_schema} where a recipe parses JSON
 * @param budgetAllowsUnpriced {@code llm.budget-allow-unpriced}: run with {@code llm.budget-usd} although
 *     a model the run calls has no price (the budget then cannot limit that model's calls); when false
 *     preflight refuses such a run
 * @param driverMaxRequests {@code llm.driver-max-requests}: an online LLM stage with at most this many
 *     requests calls them from the driver, with the ledger lookup and commit on the driver's few rows
 *     instead of Spark jobs around them (a Self-Instruct round); 0 sends every stage to the executors
 */
public record CallOptions(String mode, Duration batchWait, double batchPriceFactor, Map<String, String> headerEnvs,
    boolean structuredOutputs, boolean budgetAllowsUnpriced, int driverMaxRequests) implements Serializable {
  /** The default of {@link #driverMaxRequests}. */
  public static final int DRIVER_MAX_REQUESTS = 1000;

  public static final String ONLINE = "online";
  public static final String BATCH = "batch";

  public CallOptions {
    headerEnvs = headerEnvs == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(headerEnvs));
    if (driverMaxRequests < 0) {
      throw new IllegalArgumentException("driverMaxRequests must be >= 0, got " + driverMaxRequests);
    }
  }

  /** Options with the default {@link #DRIVER_MAX_REQUESTS}. */
  public CallOptions(String mode, Duration batchWait, double batchPriceFactor, Map<String, String> headerEnvs, boolean structuredOutputs,
      boolean budgetAllowsUnpriced) {
    this(mode, batchWait, batchPriceFactor, headerEnvs, structuredOutputs, budgetAllowsUnpriced, DRIVER_MAX_REQUESTS);
  }

  /** Options that refuse a budget with an unpriced model. */
  public CallOptions(String mode, Duration batchWait, double batchPriceFactor, Map<String, String> headerEnvs, boolean structuredOutputs) {
    this(mode, batchWait, batchPriceFactor, headerEnvs, structuredOutputs, false);
  }

  /** Online calls, a 10 minute batch wait, half price in batch mode, no extra headers, no structured outputs, no budget with an unpriced model. */
  public static CallOptions defaults() {
    return new CallOptions(ONLINE, Duration.ofMinutes(10), 0.5, Map.of(), false);
  }

  public boolean batch() {
    return BATCH.equals(mode);
  }

  /** These options with another {@link #driverMaxRequests} (0: every LLM stage on the executors). */
  public CallOptions withDriverMaxRequests(int max) {
    return new CallOptions(mode, batchWait, batchPriceFactor, headerEnvs, structuredOutputs, budgetAllowsUnpriced, max);
  }
}
