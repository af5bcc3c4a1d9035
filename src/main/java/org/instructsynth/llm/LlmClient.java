package org.instructsynth.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Synchronous, thread-safe client for OpenAI-compatible {@code /chat/completions} and {@code
 * /completions} with rate limiting and retries. Concurrency comes from calling it from several
 * threads ({@link PartitionCaller}); all threads of a task share one {@link TaskRateLimiter}.
 *
 * <p>Outcomes of {@link #call}:
 *
 * <ul>
 *   <li>2xx with a parseable body: {@code ok}, with text, finish_reason, usage and cost.
 *   <li>408, 409, 429, 5xx, timeouts, connection errors and unparseable 2xx bodies: retried up to
 *       {@code max-retries} times. The wait is the provider's ({@link RateLimitHeaders#waitNanos()}
 *       for a 429: {@code retry-after-ms}, else {@code Retry-After} (seconds or HTTP date), else the
 *       exhausted limit's reset; {@code Retry-After} for other statuses), else {@code min(cap, base *
 *       2^(retry-1))} with equal jitter (between half and all of it). A provider wait above {@code
 *       llm.max-retry-after} is not obeyed: the attempt counts as a transient failure and waits the
 *       backoff ({@link ProviderWait}). A 429 also pauses the shared limiter until the wait ends and
 *       trims its rate by a small step; every response's {@code x-ratelimit-limit-*} headers cap it
 *       ({@link TaskRateLimiter}).
 *   <li>Other 4xx, and any answer whose message says the context is exceeded (llama.cpp sends 500):
 *       not retried, status from {@link LlmErrorKind}; a context-length error says so in {@code error}.
 *   <li>401 and 403: {@link LlmAuthException}, no retry.
 * </ul>
 *
 * The API key is held in a field only this class reads; it is sent as {@code Authorization: Bearer}
 * and redacted from every message.
 */
public final class LlmClient {
  private static final System.Logger LOG = System.getLogger(LlmClient.class.getName());
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final LlmSettings settings;
  private final String url;
  private final String apiKey;
  private final java.util.Map<String, String> secretHeaders;
  private final OkHttpClient http;
  private final TaskRateLimiter limiter;
  private final LlmClock clock;
  private final RandomGenerator random;

  public LlmClient(LlmSettings settings, String baseUrl, String apiKey, OkHttpClient http, TaskRateLimiter limiter, LlmClock clock, RandomGenerator random) {
    this(settings, baseUrl, apiKey, Map.of(), http, limiter, clock, random);
  }

  /** @param secretHeaders the {@code llm.header-envs} headers with their values, read from the environment */
  public LlmClient(LlmSettings settings, String baseUrl, String apiKey, Map<String, String> secretHeaders, OkHttpClient http,
      TaskRateLimiter limiter, LlmClock clock, RandomGenerator random) {
    this.settings = settings;
    this.secretHeaders = Map.copyOf(secretHeaders);
    Secrets.register(apiKey);
    String root = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.url = root + (LlmSettings.CHAT.equals(settings.endpoint()) ? "/chat/completions" : "/completions");
    this.apiKey = apiKey == null ? "" : apiKey;
    this.http = http;
    this.limiter = limiter;
    this.clock = clock;
    this.random = random;
  }

  /**
   * The client for one task: shared okhttp client, the task's rate share, the key read with {@code env}
   * (normally {@code System::getenv}; no key for a simulated provider).
   *
   * @param baseUrl where the calls go: {@code llm.base-url}, or for {@code llm.provider: simulated} the
   *     simulator's URL, which the caller picks ({@code llm.sim.SimulatedLlmServer#baseUrlFor}); this package
   *     does not know the simulator
   */
  public static LlmClient forTask(LlmSettings settings, String baseUrl, RateShare share, Function<String, String> env,
      LlmClock clock) {
    return forTask(settings, baseUrl, TaskRateLimiter.of(share, clock), env, clock);
  }

  /** As {@link #forTask(LlmSettings, String, RateShare, Function, LlmClock)} with a given (e.g. shared) limiter. */
  public static LlmClient forTask(LlmSettings settings, String baseUrl, TaskRateLimiter limiter,
      Function<String, String> env, LlmClock clock) {
    String key = "";
    Map<String, String> secretHeaders = Secrets.headersFromEnv(settings.calls().headerEnvs(), env);
    if (!LlmSettings.SIMULATED.equals(settings.provider()) && !settings.apiKeyEnv().isEmpty()) {
      key = env.apply(settings.apiKeyEnv());
      if (key == null || key.isBlank()) {
        throw new LlmAuthException(String.format(Locale.ROOT,
            "environment variable %s (llm.api-key-env) is not set where the LLM calls run; %s. "
                + "For a server without authentication set llm.api-key-env to ''",
            settings.apiKeyEnv(), Secrets.EXPORT_HINT));
      }
    }
    return new LlmClient(settings, baseUrl, key, secretHeaders, HttpClients.shared(HttpClients.keyOf(settings)),
        limiter, clock, java.util.concurrent.ThreadLocalRandom.current());
  }

  public String url() {
    return url;
  }

  /**
   * Calls until success, a non-retryable answer or the retry limit. Never throws for a bad row.
   * Holds one of the limiter's in-flight slots meanwhile (retry waits included).
   */
  public LlmResult call(LlmRequest request) throws InterruptedException {
    limiter.enter();
    try {
      return attempts(request);
    } finally {
      limiter.exit();
    }
  }

  private LlmResult attempts(LlmRequest request) throws InterruptedException {
    String key = request.requestKey();
    String body = request.wireBody();
    long estimate = request.estimatePromptTokens() + (request.sampling().maxTokens() == null ? 256 : request.sampling().maxTokens());
    int attempts = 0;
    int rateLimited = 0;
    Integer lastStatus = null;
    String lastError = null;
    long lastLatency = 0;
    while (attempts <= settings.maxRetries()) {
      attempts++;
      long reserved = limiter.acquire(estimate);
      long start = clock.nanoTime();
      Request.Builder http = new Request.Builder().url(url).post(RequestBody.create(body, JSON_TYPE));
      for (Map.Entry<String, String> h : settings.headers().entrySet()) {
        http.header(h.getKey(), h.getValue());
      }
      http.header("X-Sample-Index", Integer.toString(request.sampleIndex()));
      HttpClients.authorize(http, apiKey, secretHeaders);
      long waitNanos;
      try (Response response = this.http.newCall(http.build()).execute()) {
        String text = response.body().string();
        lastLatency = (clock.nanoTime() - start) / 1_000_000;
        int code = response.code();
        lastStatus = code;
        RateLimitHeaders limits = RateLimitHeaders.parse(response::header, clock.epochMillis());
        limiter.onResponse(limits);
        if (code >= 200 && code < 300) {
          try {
            LlmResult ok = parseSuccess(key, request, text, attempts, rateLimited, code, lastLatency);
            limiter.reconcile(reserved, ok.promptTokens() + ok.completionTokens());
            return ok;
          } catch (IllegalArgumentException malformed) {
            lastError = malformed.getMessage();
            waitNanos = backoffNanos(attempts);
          }
        } else {
          String message = errorMessage(text);
          limiter.reconcile(reserved, 0);
          if (code == 401 || code == 403) {
            throw new LlmAuthException(String.format(Locale.ROOT,
                "%s rejected the credentials with HTTP %d: %s. Check the API key in environment variable %s "
                    + "(llm.api-key-env) and that it may use model %s; nothing was retried",
                url, code, message, settings.apiKeyEnv().isEmpty() ? "<none configured>" : settings.apiKeyEnv(), request.model()));
          }
          lastError = String.format(Locale.ROOT, "HTTP %d from %s: %s", code, url, message);
          LlmErrorKind kind = LlmErrorKind.classify(code, text);
          if (kind != LlmErrorKind.TRANSIENT) {
            if (kind == LlmErrorKind.CONTEXT_LENGTH) {
              lastError = "context_length_exceeded: the prompt plus max_tokens does not fit the model's context; "
                  + "shorten the prompt or lower llm.sampling.max-tokens (" + lastError + ")";
            }
            return LlmResult.failed(kind, key, request.model(), attempts, rateLimited, code, lastError, lastLatency);
          }
          ProviderWait wait = ProviderWait.of(code, limits, settings.maxRetryAfter());
          if (wait.refused()) {
            lastError += "; " + wait.refusal();
          }
          if (code == 429) {
            rateLimited++;
            limiter.onRateLimited(Math.max(0, wait.obeyedNanos()));
          }
          waitNanos = wait.obeyedNanos() >= 0 ? wait.obeyedNanos() : backoffNanos(attempts);
        }
      } catch (IOException e) {
        lastLatency = (clock.nanoTime() - start) / 1_000_000;
        lastStatus = null;
        lastError = String.format(Locale.ROOT, "%s calling %s: %s",
            e instanceof InterruptedIOException ? "timeout" : "I/O error", url, Secrets.redact(String.valueOf(e.getMessage())));
        limiter.reconcile(reserved, 0);
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("interrupted while calling " + url);
        }
        waitNanos = backoffNanos(attempts);
      }
      if (attempts <= settings.maxRetries()) {
        LOG.log(System.Logger.Level.DEBUG, "retry {0} of {1} for {2} in {3} ms: {4}", attempts, settings.maxRetries(), key, waitNanos / 1_000_000, lastError);
        clock.sleepNanos(waitNanos);
      }
    }
    return LlmResult.failed(key, request.model(), attempts, rateLimited, lastStatus,
        String.format(Locale.ROOT, "gave up after %d attempts (llm.max-retries=%d): %s", attempts, settings.maxRetries(), lastError),
        lastLatency);
  }

  static boolean retryable(int code) {
    return LlmErrorKind.classify(code, "") == LlmErrorKind.TRANSIENT;
  }

  private LlmResult parseSuccess(String key, LlmRequest request, String text, int attempts, int rateLimited, int code, long latency) {
    return CompletionBody.parse(text, request, "HTTP " + code + " from " + url)
        .toResult(key, settings.price(request.model()), latency, attempts, rateLimited, code);
  }

  private String errorMessage(String body) {
    String message;
    try {
      JsonNode root = LlmRequest.JSON.readTree(body);
      JsonNode error = root == null ? null : root.path("error");
      if (error != null && error.isObject() && error.hasNonNull("message")) {
        message = error.get("message").asText();
        if (error.hasNonNull("code")) message += " (code " + error.get("code").asText() + ")";
      } else if (error != null && error.isTextual()) {
        message = error.asText();
      } else if (root != null && root.hasNonNull("message")) {
        message = root.get("message").asText();
      } else {
        message = body;
      }
    } catch (IOException notJson) {
      message = body;
    }
    return abbreviate(Secrets.redact(message), 500);
  }

  long backoffNanos(int attempt) {
    long base = settings.backoffBase().toNanos();
    long cap = settings.backoffCap().toNanos();
    long exp = attempt >= 62 ? cap : Math.min(cap, base << Math.min(attempt - 1, 40));
    if (exp < 0) exp = cap;
    return exp / 2 + (long) (random.nextDouble() * (exp - exp / 2));
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }

  @Override
  public String toString() {
    return "LlmClient[" + url + ", model " + settings.model() + "]";
  }
}
