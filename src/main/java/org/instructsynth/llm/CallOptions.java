package org.instructsynth.llm;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.instructsynth.core.UserError;

/**
 * How calls are delivered and authenticated beyond the basics: online or OpenAI Batch API, the batch
 * wait and price, credential headers read from the environment, and structured outputs. Holds names
 * of environment variables only, never their values.
 *
 * @param mode {@value #ONLINE} (one HTTP call per request) or {@value #BATCH} (OpenAI Batch API)
 * @param batchWait how long one run waits for a submitted batch before ending partial
 * @param batchPriceFactor the share of the model's price a batch call costs (OpenAI: 0.5)
 * @param headerEnvs header name -> name of the environment variable holding its value
 * @param structuredOutputs send {@code response_format: json_schema} where a recipe parses JSON
 */
public record CallOptions(String mode, Duration batchWait, double batchPriceFactor, Map<String, String> headerEnvs,
    boolean structuredOutputs) implements Serializable {
  public static final String ONLINE = "online";
  public static final String BATCH = "batch";

  public CallOptions {
    headerEnvs = headerEnvs == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(headerEnvs));
    if (!ONLINE.equals(mode) && !BATCH.equals(mode)) {
      throw UserError.config("llm.mode is '" + mode + "'; use 'online' or 'batch'");
    }
    if (batchWait == null || batchWait.isNegative()) {
      throw UserError.config("llm.batch-wait must be a duration >= 0, got " + batchWait);
    }
    if (!(batchPriceFactor >= 0) || batchPriceFactor > 1) {
      throw UserError.config(String.format(Locale.ROOT, "llm.batch-price-factor must be in [0, 1], got %s", batchPriceFactor));
    }
  }

  /** Online calls, a 10 minute batch wait, half price in batch mode, no extra headers, no structured outputs. */
  public static CallOptions defaults() {
    return new CallOptions(ONLINE, Duration.ofMinutes(10), 0.5, Map.of(), false);
  }

  public boolean batch() {
    return BATCH.equals(mode);
  }
}
