package org.instructsynth.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.instructsynth.llm.CallOptions;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.ModelPrice;
import org.instructsynth.llm.Sampling;
import org.instructsynth.llm.Secrets;
import org.instructsynth.llm.SimulatorSettings;

/**
 * Binds the {@code llm:} section onto {@link LlmSettings}. Durations are written {@code 500ms},
 * {@code 10s}, {@code 2m} or {@code 1h} (a bare number is seconds). The API key itself is never
 * configured: {@code api-key-env} names the environment variable that holds it.
 */
public final class LlmConfig {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

  private LlmConfig() {}

  static LlmSettings read(ConfigReader l) {
    LlmSettings d = LlmSettings.defaults();
    String provider = l.oneOf("provider", d.provider(), List.of(LlmSettings.SIMULATED, LlmSettings.OPENAI_COMPATIBLE));
    String baseUrl = l.string("base-url", d.baseUrl());
    if (LlmSettings.OPENAI_COMPATIBLE.equals(provider) && !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
      l.problem("base-url", "must be an http(s) URL ending in /v1, such as http://127.0.0.1:8080/v1, found '" + Secrets.redact(baseUrl) + "'");
    }
    if (CallConfig.hasUserInfo(baseUrl)) {
      l.problem("base-url", CallConfig.USERINFO_PROBLEM);
      baseUrl = d.baseUrl();
    }
    String model = l.string("model", d.model());
    if (model.isBlank()) {
      l.problem("model", "is empty; name the model to call, e.g. gpt-4o-mini");
    }
    String keyEnv = l.string("api-key-env", d.apiKeyEnv());
    if (!keyEnv.isEmpty() && !CallConfig.isEnvName(keyEnv)) {
      l.problem("api-key-env", "must be the NAME of an environment variable (letters, digits, _), not the key itself");
      keyEnv = d.apiKeyEnv();
    }
    Map<String, String> headers = CallConfig.headers(l, d.headers());
    String endpoint = l.oneOf("endpoint", d.endpoint(), List.of(LlmSettings.CHAT, LlmSettings.COMPLETIONS));
    Sampling sampling = sampling(l.section("sampling"), d.sampling());
    boolean supportsN = l.bool("supports-n", d.supportsN());
    Duration connect = duration(l, "connect-timeout", d.connectTimeout());
    Duration read = duration(l, "read-timeout", d.readTimeout());
    Duration call = duration(l, "call-timeout", d.callTimeout());
    double rpm = l.dbl("requests-per-minute", d.requestsPerMinute(), 0.001, 1e7);
    double tpm = l.dbl("tokens-per-minute", d.tokensPerMinute(), 1, 1e10);
    int inFlight = l.integer("max-in-flight", d.maxInFlight(), 1, 100_000);
    int partitions = l.integer("partitions", d.partitions(), 1, 100_000);
    int retries = l.integer("max-retries", d.maxRetries(), 0, 100);
    Duration backoffBase = duration(l, "backoff-base", d.backoffBase());
    Duration backoffCap = duration(l, "backoff-cap", d.backoffCap());
    double failure = l.dbl("max-failure-ratio", d.maxFailureRatio(), 0, 1);
    double budget = l.dbl("budget-usd", d.budgetUsd(), 0, 1e9);
    Map<String, ModelPrice> prices = prices(l, d.prices());
    SimulatorSettings sim = simulator(l.section("simulator"), d.simulator());
    Duration progress = duration(l, "progress-interval", d.progressInterval());
    int contextTokens = l.integer("context-tokens", d.contextTokens(), 0, 100_000_000);
    Duration maxRetryAfter = duration(l, "max-retry-after", d.maxRetryAfter());
    CallOptions calls = CallConfig.read(l, d.calls());
    return new LlmSettings(provider, baseUrl, model, keyEnv, headers, endpoint, sampling, supportsN, connect, read, call,
        rpm, tpm, inFlight, partitions, retries, backoffBase, backoffCap, failure, budget, prices, sim, progress,
        contextTokens, maxRetryAfter, calls);
  }

  private static Sampling sampling(ConfigReader s, Sampling d) {
    Double temperature = s.has("temperature") ? s.dbl("temperature", 0, 0, 2) : d.temperature();
    Double topP = s.has("top-p") ? s.dbl("top-p", 1, 0, 1) : d.topP();
    Integer maxTokens = s.has("max-tokens") ? s.integer("max-tokens", 256, 1, 1_000_000) : d.maxTokens();
    List<String> stop = s.stringList("stop", d.stop());
    // Boxed on both sides: a primitive branch would unbox a null default seed.
    Long seed = s.has("seed") ? Long.valueOf(s.longValue("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE)) : d.seed();
    Double presence = s.has("presence-penalty") ? s.dbl("presence-penalty", 0, -2, 2) : d.presencePenalty();
    Double frequency = s.has("frequency-penalty") ? s.dbl("frequency-penalty", 0, -2, 2) : d.frequencyPenalty();
    Map<String, Object> extra = new LinkedHashMap<>(d.extra());
    JsonNode raw = s.raw("extra");
    if (raw != null) {
      if (!raw.isObject()) {
        s.problem("extra", "must be a mapping such as {top_k: 40}");
      } else {
        Iterator<Map.Entry<String, JsonNode>> it = raw.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          JsonNode v = e.getValue();
          if (v.isNumber()) {
            extra.put(e.getKey(), v.numberValue());
          } else if (v.isBoolean()) {
            extra.put(e.getKey(), v.booleanValue());
          } else if (v.isTextual()) {
            extra.put(e.getKey(), v.textValue());
          } else {
            s.problem("extra." + e.getKey(), "must be a string, number or boolean (it is sent as is), found "
                + Values.describe(v));
          }
        }
      }
    }
    return new Sampling(temperature, topP, maxTokens, stop, seed, presence, frequency, extra);
  }

  private static Map<String, ModelPrice> prices(ConfigReader l, Map<String, ModelPrice> defaults) {
    JsonNode raw = l.raw("prices");
    Map<String, ModelPrice> out = new LinkedHashMap<>(defaults);
    if (raw == null) {
      return out;
    }
    if (!raw.isObject()) {
      l.problem("prices", "must map model names to {input: $ per 1M tokens, output: $ per 1M tokens, cached-input: $ per 1M cached tokens (optional)}");
      return out;
    }
    raw.fields().forEachRemaining(e -> {
      JsonNode p = e.getValue();
      if (!p.isObject() || !p.path("input").isNumber() || !p.path("output").isNumber()
          || !(p.path("cached-input").isMissingNode() || p.path("cached-input").isNumber())) {
        l.problem("prices." + e.getKey(), "must be {input: <$ per 1M prompt tokens>, output: <$ per 1M completion tokens>, "
            + "cached-input: <$ per 1M cached prompt tokens, optional, default input>}, found " + Values.describe(p));
        return;
      }
      double input = p.path("input").asDouble();
      double cached = p.path("cached-input").isNumber() ? p.path("cached-input").asDouble() : input;
      out.put(e.getKey(), new ModelPrice(input, p.path("output").asDouble(), cached));
    });
    return out;
  }

  private static SimulatorSettings simulator(ConfigReader s, SimulatorSettings d) {
    Duration min = duration(s, "min-latency", d.minLatency());
    Duration max = duration(s, "max-latency", max(min, d.maxLatency()));
    if (max.compareTo(min) < 0) {
      s.problem("max-latency", "must be at least min-latency (" + format(min) + "), found " + format(max)
          + "; the latency is drawn between the two (set both equal for a fixed latency)");
      max = min;
    }
    double r429 = s.dbl("rate-429", d.rate429(), 0, 1);
    double r5xx = s.dbl("rate-5xx", d.rate5xx(), 0, 1);
    if (r429 + r5xx > 1) {
      s.problem("rate-5xx", "plus rate-429 must be at most 1 (they are shares of the same requests), found "
          + r5xx + " + " + r429);
      r429 = d.rate429();
      r5xx = d.rate5xx();
    }
    Duration retryAfter = duration(s, "retry-after", d.retryAfter());
    long seed = s.longValue("seed", d.seed(), Long.MIN_VALUE, Long.MAX_VALUE);
    String seeds = s.string("seed-tasks", d.seedTasksPath());
    return new SimulatorSettings(min, max, r429, r5xx, retryAfter, seed, seeds);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) > 0 ? a : b;
  }

  /** Reads {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or a bare number of seconds. */
  static Duration duration(ConfigReader r, String key, Duration defaultValue) {
    String text = r.string(key, format(defaultValue));
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      r.problem(key, "must be a duration such as 500ms, 10s, 2m or 1h, found '" + text + "'");
      return defaultValue;
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double ms = switch (unit) {
      case "ms" -> n;
      case "m" -> n * 60_000;
      case "h" -> n * 3_600_000;
      default -> n * 1000;
    };
    return Duration.ofMillis(Math.round(ms));
  }

  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0) {
      return ms + "ms";
    }
    return ms / 1000 + "s";
  }
}
