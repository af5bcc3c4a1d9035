package org.instructsynth.llm;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * One okhttp client (one connection pool, one dispatcher) per JVM and setting combination, shared
 * by every task on an executor. The key holds timeouts and pool size only, never credentials: the
 * API key is added per request.
 */
public final class HttpClients {
  /** What distinguishes two clients; safe to print. */
  public record Key(Duration connectTimeout, Duration readTimeout, Duration callTimeout, int maxIdleConnections) {}

  private static final ConcurrentHashMap<Key, OkHttpClient> CLIENTS = new ConcurrentHashMap<>();

  private HttpClients() {}

  public static Key keyOf(LlmSettings settings) {
    return new Key(settings.connectTimeout(), settings.readTimeout(), settings.callTimeout(), Math.max(5, settings.maxInFlight()));
  }

  /**
   * Adds the credentials to a request: {@code Authorization: Bearer <apiKey>} when a key is set, then
   * the {@code llm.header-envs} headers (which may replace it, e.g. for a proxy's own scheme).
   */
  public static okhttp3.Request.Builder authorize(okhttp3.Request.Builder request, String apiKey, java.util.Map<String, String> secretHeaders) {
    if (apiKey != null && !apiKey.isEmpty()) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    secretHeaders.forEach(request::header);
    return request;
  }

  public static OkHttpClient shared(Key key) {
    return CLIENTS.computeIfAbsent(key, HttpClients::build);
  }

  private static OkHttpClient build(Key key) {
    return new OkHttpClient.Builder()
        .connectTimeout(key.connectTimeout())
        .readTimeout(key.readTimeout())
        .writeTimeout(key.readTimeout())
        .callTimeout(key.callTimeout())
        .connectionPool(new ConnectionPool(key.maxIdleConnections(), 5, TimeUnit.MINUTES))
        // Retries are ours (counted, backed off, rate limited); okhttp must not repeat calls silently.
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .build();
  }
}
