package org.instructsynth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.instructsynth.llm.LoopbackHttpServer;

/**
 * TEST SERVER, not a provider: a loopback OpenAI-compatible {@code POST /v1/chat/completions} that
 * enforces a true requests-per-minute and tokens-per-minute limit the way hosted APIs do, for
 * {@code jobs/bench-llm.sh} and tests. Every answer says {@code RATE-LIMITED-TEST-SERVER} in its
 * model and fingerprint.
 *
 * <ul>
 *   <li>Limits hold over a sliding 60 s window of admitted requests: a request is admitted when the
 *       window has fewer than {@code rpm} requests and its tokens (prompt estimate, 4 characters a
 *       token, + {@code max_tokens}, as OpenAI reserves them) fit {@code tpm}.
 *   <li>Over a limit it answers 429 at once with OpenAI's error body, {@code retry-after-ms} (until
 *       enough of the window has expired) and {@code Retry-After} (seconds, rounded up).
 *   <li>Every answer carries {@code x-ratelimit-limit-requests/-tokens}, {@code
 *       x-ratelimit-remaining-requests/-tokens} and {@code x-ratelimit-reset-requests/-tokens}
 *       (time until the window is empty, Go duration format such as {@code 59.95s}).
 *   <li>Admitted requests are answered after a uniform random latency (seeded), with {@code usage}.
 * </ul>
 */
public final class RateLimitedTestServer implements AutoCloseable {
  public static final String MODEL = "RATE-LIMITED-TEST-SERVER";
  private static final long WINDOW_NANOS = Duration.ofMinutes(1).toNanos();
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private final long rpm;
  private final long tpm;
  private final long minLatencyMs;
  private final long maxLatencyMs;
  private final SplittableRandom random;
  private final LoopbackHttpServer server;
  /** Admitted requests in the window: {arrival nanos, tokens}. */
  private final ArrayDeque<long[]> window = new ArrayDeque<>();
  private long windowTokens;
  private final AtomicLong admitted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong firstAdmitted = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong lastAdmitted = new AtomicLong(Long.MIN_VALUE);

  public RateLimitedTestServer(long rpm, long tpm, Duration minLatency, Duration maxLatency, long seed) {
    this.rpm = rpm;
    this.tpm = tpm;
    this.minLatencyMs = minLatency.toMillis();
    this.maxLatencyMs = Math.max(minLatencyMs, maxLatency.toMillis());
    this.random = new SplittableRandom(seed);
    server = new LoopbackHttpServer("rate-limited-test-server", "the rate-limited test server", this::handle);
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  public long admitted() {
    return admitted.get();
  }

  public long rejected() {
    return rejected.get();
  }

  /** Admitted requests per second between the first and the last admission; NaN before two. */
  public double admittedPerSecond() {
    long n = admitted.get();
    long span = lastAdmitted.get() - firstAdmitted.get();
    return n < 2 || span <= 0 ? Double.NaN : (n - 1) / (span / 1e9);
  }

  /** Forgets the counters (not the window) before the next measurement. */
  public void resetCounters() {
    admitted.set(0);
    rejected.set(0);
    firstAdmitted.set(Long.MAX_VALUE);
    lastAdmitted.set(Long.MIN_VALUE);
  }

  /** The outcome of admission: 0 when admitted, else nanos until it would be; with the headers' figures. */
  private record Admission(long retryNanos, long remainingRequests, long remainingTokens, long resetNanos) {}

  private synchronized Admission admit(long tokens, long now) {
    while (!window.isEmpty() && now - window.peekFirst()[0] >= WINDOW_NANOS) {
      windowTokens -= window.pollFirst()[1];
    }
    long retry = 0;
    if (window.size() + 1 > rpm) {
      retry = window.peekFirst()[0] + WINDOW_NANOS - now;
    }
    if (windowTokens + tokens > tpm) {
      long freed = windowTokens + tokens - tpm;
      long untilTokens = WINDOW_NANOS;
      for (long[] e : window) {
        freed -= e[1];
        if (freed <= 0) {
          untilTokens = e[0] + WINDOW_NANOS - now;
          break;
        }
      }
      retry = Math.max(retry, untilTokens);
    }
    if (retry == 0) {
      window.addLast(new long[] {now, tokens});
      windowTokens += tokens;
    }
    long reset = window.isEmpty() ? 0 : window.peekLast()[0] + WINDOW_NANOS - now;
    return new Admission(Math.max(0, retry), Math.max(0, rpm - window.size()), Math.max(0, tpm - windowTokens), reset);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      long now = System.nanoTime();
      byte[] bodyBytes;
      try (InputStream in = exchange.getRequestBody()) {
        bodyBytes = in.readAllBytes();
      }
      JsonNode body;
      try {
        body = JSON.readTree(bodyBytes);
      } catch (IOException e) {
        send(exchange, 400, "{\"error\":{\"message\":\"body is not JSON\",\"type\":\"invalid_request_error\"}}");
        return;
      }
      long promptChars = 0;
      for (JsonNode m : body.path("messages")) {
        promptChars += m.path("content").asText("").length();
      }
      long prompt = Math.max(1, (promptChars + 3) / 4);
      long maxTokens = body.path("max_tokens").asLong(16);
      Admission a = admit(prompt + maxTokens, now);
      exchange.getResponseHeaders().add("x-ratelimit-limit-requests", Long.toString(rpm));
      exchange.getResponseHeaders().add("x-ratelimit-limit-tokens", Long.toString(tpm));
      exchange.getResponseHeaders().add("x-ratelimit-remaining-requests", Long.toString(a.remainingRequests()));
      exchange.getResponseHeaders().add("x-ratelimit-remaining-tokens", Long.toString(a.remainingTokens()));
      exchange.getResponseHeaders().add("x-ratelimit-reset-requests", goDuration(a.resetNanos()));
      exchange.getResponseHeaders().add("x-ratelimit-reset-tokens", goDuration(a.resetNanos()));
      if (a.retryNanos() > 0) {
        rejected.incrementAndGet();
        long ms = Math.max(1, (a.retryNanos() + 999_999) / 1_000_000);
        exchange.getResponseHeaders().add("retry-after-ms", Long.toString(ms));
        exchange.getResponseHeaders().add("Retry-After", Long.toString((ms + 999) / 1000));
        send(exchange, 429, String.format(Locale.ROOT,
            "{\"error\":{\"message\":\"Rate limit reached for %s (TEST SERVER): Limit %d requests, %d tokens per min. Please try again in %dms.\","
                + "\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}", MODEL, rpm, tpm, ms));
        return;
      }
      admitted.incrementAndGet();
      firstAdmitted.accumulateAndGet(now, Math::min);
      lastAdmitted.accumulateAndGet(now, Math::max);
      long latency;
      synchronized (random) {
        latency = minLatencyMs + (maxLatencyMs > minLatencyMs ? random.nextLong(maxLatencyMs - minLatencyMs + 1) : 0);
      }
      try {
        Thread.sleep(latency);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      long completion = Math.min(maxTokens, 12);
      send(exchange, 200, String.format(Locale.ROOT,
          "{\"id\":\"chatcmpl-test\",\"object\":\"chat.completion\",\"model\":\"%s\",\"system_fingerprint\":\"%s\",\"choices\":[{\"index\":0,"
              + "\"message\":{\"role\":\"assistant\",\"content\":\"An answer from the rate-limited test server.\"},\"finish_reason\":\"stop\"}],"
              + "\"usage\":{\"prompt_tokens\":%d,\"completion_tokens\":%d,\"total_tokens\":%d}}",
          MODEL, MODEL, prompt, completion, prompt + completion));
    }
  }

  /** OpenAI's reset format: {@code 20ms} below a second, else seconds with up to 3 decimals ({@code 59.95s}, {@code 1m0s} style not needed). */
  static String goDuration(long nanos) {
    long ms = Math.max(0, nanos / 1_000_000);
    if (ms < 1000) {
      return ms + "ms";
    }
    long m = ms / 60_000;
    String s = String.format(Locale.ROOT, "%.3f", (ms % 60_000) / 1000.0).replaceAll("\\.?0+$", "") + "s";
    return m > 0 ? m + "m" + s : s;
  }

  private static void send(HttpExchange exchange, int code, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop();
  }

  @Override
  public String toString() {
    return "RateLimitedTestServer[TEST SERVER " + baseUrl() + ", " + rpm + " rpm, " + tpm + " tpm]";
  }
}
