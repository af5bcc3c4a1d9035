package org.instructsynth.llm;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every {@code llm.*} setting. Serialisable and free of secrets: the API key is named by the
 * environment variable {@link #apiKeyEnv()} and read where the calls are made, never stored here.
 *
 * <p>The rate settings are cluster-wide; {@link RateShare} divides them between concurrent tasks.
 *
 * <p>Every value is checked once, where {@code llm.*} is bound ({@code config/LlmConfig}, all problems
 * reported together with their keys); the constructor only fills in defaults for null parts.
 *
 * @param provider {@value #SIMULATED} (in-process simulator on 127.0.0.1) or {@value
 *     #OPENAI_COMPATIBLE} (any server speaking OpenAI's REST API: OpenAI, vLLM, llama.cpp, Ollama)
 * @param baseUrl the API root including {@code /v1}; {@code /chat/completions} or {@code
 *     /completions} is appended. Ignored for the simulator.
 * @param apiKeyEnv name of the environment variable holding the API key; empty for servers without
 *     authentication
 * @param headers extra HTTP headers sent with every call; never put secrets here, they would be
 *     printed with the settings
 * @param endpoint {@value #CHAT} or {@value #COMPLETIONS}
 * @param supportsN whether the server honours {@code n}. Each sample index is currently always a
 *     separate request (correct everywhere, llama.cpp needs it); the flag is kept for batching.
 * @param requestsPerMinute cluster-wide request budget
 * @param tokensPerMinute cluster-wide token budget (prompt + max_tokens reserved, then reconciled)
 * @param maxInFlight cluster-wide number of concurrent HTTP calls
 * @param partitions the number of tasks the missing requests are spread over
 * @param maxRetries retries after the first attempt for 408, 409, 429, 5xx, timeouts, I/O errors
 * @param backoffBase first retry delay; doubled per attempt, capped, with jitter
 * @param maxFailureRatio the stage fails (after writing the ledger) when more calls fail
 * @param budgetUsd dollars the run may spend on new calls; 0 means no limit
 * @param prices dollars per 1M tokens by model; a model missing here has an unknown (null) cost and is warned about
 * @param progressInterval how often the driver logs progress
 * @param contextTokens the model's context in tokens; a request whose estimated prompt tokens plus
 *     max_tokens exceed it is a {@code context_length} row without a call. 0: not checked
 * @param maxRetryAfter (rate control) the longest provider-requested wait ({@code Retry-After},
 *     {@code retry-after-ms}, rate-limit reset) that is obeyed; a longer one makes that attempt a
 *     transient failure, retried with backoff within {@code max-retries}
 * @param calls batch mode, credential headers from the environment, structured outputs
 */
public record LlmSettings(
    String provider,
    String baseUrl,
    String model,
    String apiKeyEnv,
    Map<String, String> headers,
    String endpoint,
    Sampling sampling,
    boolean supportsN,
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout,
    double requestsPerMinute,
    double tokensPerMinute,
    int maxInFlight,
    int partitions,
    int maxRetries,
    Duration backoffBase,
    Duration backoffCap,
    double maxFailureRatio,
    double budgetUsd,
    Map<String, ModelPrice> prices,
    SimulatorSettings simulator,
    Duration progressInterval,
    int contextTokens,
    Duration maxRetryAfter,
    CallOptions calls)
    implements Serializable {

  public static final String SIMULATED = "simulated";
  public static final String OPENAI_COMPATIBLE = "openai-compatible";
  public static final String CHAT = "chat";
  public static final String COMPLETIONS = "completions";

  public LlmSettings {
    headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(headers));
    prices = prices == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(prices));
    apiKeyEnv = apiKeyEnv == null ? "" : apiKeyEnv;
    sampling = sampling == null ? Sampling.defaults() : sampling;
    simulator = simulator == null ? SimulatorSettings.defaults() : simulator;
    calls = calls == null ? CallOptions.defaults() : calls;
  }

  /**
   * Production defaults: simulated provider (nothing is paid by accident), OpenAI's base URL and
   * {@code OPENAI_API_KEY}, model gpt-4o-mini, chat endpoint, Self-Instruct sampling (temperature
   * 0.7, top_p 0.5), timeouts connect 10 s / read 120 s / call 10 min, 500 requests and 200,000
   * tokens per minute, 32 in flight over 8 partitions, 6 retries with backoff 1 s doubling to 60 s,
   * failure ratio 0.05, no dollar budget, OpenAI list prices, progress every 10 s, provider waits
   * obeyed up to 2 minutes.
   */
  public static LlmSettings defaults() {
    Map<String, ModelPrice> prices = new LinkedHashMap<>();
    prices.put("gpt-4o-mini", new ModelPrice(0.15, 0.60, 0.075));
    prices.put("gpt-4o", new ModelPrice(2.50, 10.00, 1.25));
    prices.put("gpt-4.1-mini", new ModelPrice(0.40, 1.60, 0.10));
    prices.put("gpt-4.1", new ModelPrice(2.00, 8.00, 0.50));
    prices.put("gpt-3.5-turbo", new ModelPrice(0.50, 1.50));
    prices.put("gpt-3.5-turbo-instruct", new ModelPrice(1.50, 2.00));
    return new LlmSettings(
        SIMULATED,
        "https://api.openai.com/v1",
        "gpt-4o-mini",
        "OPENAI_API_KEY",
        Map.of(),
        CHAT,
        Sampling.defaults(),
        false,
        Duration.ofSeconds(10),
        Duration.ofSeconds(120),
        Duration.ofMinutes(10),
        500,
        200_000,
        32,
        8,
        6,
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        0.05,
        0,
        prices,
        SimulatorSettings.defaults(),
        Duration.ofSeconds(10),
        0,
        Duration.ofMinutes(2),
        CallOptions.defaults());
  }

  /** Price of {@code model}, or {@link ModelPrice#UNKNOWN} (costs NaN, written as null) when the table has no entry. */
  public ModelPrice price(String model) {
    return prices.getOrDefault(model, ModelPrice.UNKNOWN);
  }

  /** The price of a call in this run's mode: the batch share of it in {@code llm.mode: batch}. */
  public ModelPrice callPrice(String model) {
    ModelPrice p = price(model);
    return calls.batch() ? p.times(calls.batchPriceFactor()) : p;
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Copy-and-change helper; methods are named after the fields. */
  public static final class Builder {
    private String provider, baseUrl, model, apiKeyEnv, endpoint;
    private Map<String, String> headers;
    private Sampling sampling;
    private boolean supportsN;
    private Duration connectTimeout, readTimeout, callTimeout, backoffBase, backoffCap, progressInterval;
    private double requestsPerMinute, tokensPerMinute, maxFailureRatio, budgetUsd;
    private int maxInFlight, partitions, maxRetries;
    private Map<String, ModelPrice> prices;
    private SimulatorSettings simulator;
    private int contextTokens;
    // rate control
    private Duration maxRetryAfter;
    private CallOptions calls;

    private Builder(LlmSettings s) {
      provider = s.provider; baseUrl = s.baseUrl; model = s.model; apiKeyEnv = s.apiKeyEnv;
      headers = s.headers; endpoint = s.endpoint; sampling = s.sampling; supportsN = s.supportsN;
      connectTimeout = s.connectTimeout; readTimeout = s.readTimeout; callTimeout = s.callTimeout;
      requestsPerMinute = s.requestsPerMinute; tokensPerMinute = s.tokensPerMinute;
      maxInFlight = s.maxInFlight; partitions = s.partitions; maxRetries = s.maxRetries;
      backoffBase = s.backoffBase; backoffCap = s.backoffCap; maxFailureRatio = s.maxFailureRatio;
      budgetUsd = s.budgetUsd; prices = s.prices; simulator = s.simulator; progressInterval = s.progressInterval;
      contextTokens = s.contextTokens;
      maxRetryAfter = s.maxRetryAfter;
      calls = s.calls;
    }

    public Builder provider(String v) { provider = v; return this; }
    public Builder baseUrl(String v) { baseUrl = v; return this; }
    public Builder model(String v) { model = v; return this; }
    public Builder apiKeyEnv(String v) { apiKeyEnv = v; return this; }
    public Builder headers(Map<String, String> v) { headers = v; return this; }
    public Builder endpoint(String v) { endpoint = v; return this; }
    public Builder sampling(Sampling v) { sampling = v; return this; }
    public Builder supportsN(boolean v) { supportsN = v; return this; }
    public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
    public Builder readTimeout(Duration v) { readTimeout = v; return this; }
    public Builder callTimeout(Duration v) { callTimeout = v; return this; }
    public Builder requestsPerMinute(double v) { requestsPerMinute = v; return this; }
    public Builder tokensPerMinute(double v) { tokensPerMinute = v; return this; }
    public Builder maxInFlight(int v) { maxInFlight = v; return this; }
    public Builder partitions(int v) { partitions = v; return this; }
    public Builder maxRetries(int v) { maxRetries = v; return this; }
    public Builder backoffBase(Duration v) { backoffBase = v; return this; }
    public Builder backoffCap(Duration v) { backoffCap = v; return this; }
    public Builder maxFailureRatio(double v) { maxFailureRatio = v; return this; }
    public Builder budgetUsd(double v) { budgetUsd = v; return this; }
    public Builder prices(Map<String, ModelPrice> v) { prices = v; return this; }
    public Builder simulator(SimulatorSettings v) { simulator = v; return this; }
    public Builder progressInterval(Duration v) { progressInterval = v; return this; }
    public Builder contextTokens(int v) { contextTokens = v; return this; }
    public Builder maxRetryAfter(Duration v) { maxRetryAfter = v; return this; }
    public Builder calls(CallOptions v) { calls = v; return this; }

    public LlmSettings build() {
      return new LlmSettings(provider, baseUrl, model, apiKeyEnv, headers, endpoint, sampling, supportsN,
          connectTimeout, readTimeout, callTimeout, requestsPerMinute, tokensPerMinute, maxInFlight,
          partitions, maxRetries, backoffBase, backoffCap, maxFailureRatio, budgetUsd, prices, simulator,
          progressInterval, contextTokens, maxRetryAfter, calls);
    }
  }
}
