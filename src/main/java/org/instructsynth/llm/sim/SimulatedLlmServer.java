package org.instructsynth.llm.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.instructsynth.core.Instance;
import org.instructsynth.core.SeedTask;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.llm.LoopbackHttpServer;
import org.instructsynth.llm.SimulatorSettings;
import org.instructsynth.llm.Tokens;

/**
 * SIMULATED OpenAI-compatible endpoint ({@code llm.provider: simulated}): an in-process HTTP server
 * on 127.0.0.1 and an ephemeral port, one per JVM and {@link SimulatorSettings}, started lazily, so
 * all tasks of a local-mode run share it. It serves {@code POST /v1/chat/completions} and {@code POST
 * /v1/completions}, and the Batch API ({@link SimulatedBatches}).
 *
 * <p>Answers are deterministic: the random source is seeded by the simulator seed, the request body
 * and the {@code X-Sample-Index} header; {@link Responder}s turn the prompt into text. Answers longer
 * than {@code max_tokens} (4 characters a token) are cut with {@code finish_reason: length}. Faults
 * (latency, 429 with Retry-After, 500/503) come from a separate random stream, so a retried request
 * eventually succeeds. Every response says {@code SIMULATED} in {@code model} and {@code
 * system_fingerprint}, and so does every log line.
 */
public final class SimulatedLlmServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SimulatedLlmServer.class.getName());
  private static final ConcurrentHashMap<SimulatorSettings, SimulatedLlmServer> SHARED = new ConcurrentHashMap<>();
  public static final String FINGERPRINT = "SIMULATED-instruct-synth";

  private final SimulatorSettings settings;
  private final List<SeedTask> seeds;
  private final List<Responder> responders;
  private final LoopbackHttpServer server;
  private final SplittableRandom faults;
  private final AtomicLong requests = new AtomicLong();
  private final SimulatedBatches batches = new SimulatedBatches(this::respond);
  private final AtomicLong firstNanos = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong lastNanos = new AtomicLong(Long.MIN_VALUE);

  public SimulatedLlmServer(SimulatorSettings settings, List<SeedTask> seeds, List<Responder> responders) {
    if (seeds.isEmpty() || responders.isEmpty()) {
      throw new IllegalArgumentException("the SIMULATED endpoint needs at least one seed task and one responder");
    }
    this.settings = settings;
    this.seeds = List.copyOf(seeds);
    this.responders = List.copyOf(responders);
    this.faults = new SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
    server = new LoopbackHttpServer("simulated-llm", "the SIMULATED LLM endpoint", this::handle);
    LOG.log(System.Logger.Level.INFO, "SIMULATED LLM endpoint listening on {0} ({1} seed tasks, latency {2}-{3} ms, 429 rate {4}, 5xx rate {5})",
        baseUrl(), seeds.size(), settings.minLatency().toMillis(), settings.maxLatency().toMillis(), settings.rate429(), settings.rate5xx());
  }

  /** The JVM's shared simulator for these settings, started on first use with the default responders. */
  public static SimulatedLlmServer shared(SimulatorSettings settings) {
    return SHARED.computeIfAbsent(settings, s -> new SimulatedLlmServer(s, loadSeeds(s.seedTasksPath()), SimulatedResponders.defaults()));
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  /**
   * Where a client of {@code settings} sends its calls: the JVM's shared simulator for {@code llm.provider:
   * simulated}, else {@code llm.base-url}. The callers (pipeline) pick the endpoint, so the client package
   * {@code llm} never depends on the simulator.
   */
  public static String baseUrlFor(org.instructsynth.llm.LlmSettings settings) {
    return org.instructsynth.llm.LlmSettings.SIMULATED.equals(settings.provider())
        ? shared(settings.simulator()).baseUrl() : settings.baseUrl();
  }

  /** Requests received so far, including those answered with injected faults. */
  public long requestCount() {
    return requests.get();
  }

  /** Requests received in Batch API batches, a line of a created batch each ({@link #requestCount} counts HTTP exchanges). */
  public long batchRequestCount() {
    return batches.requestCount();
  }

  /**
   * Requests received per second between the first and the last arrival; NaN before two requests.
   * Benchmarks use it as the achieved request rate, free of Spark's job overhead.
   */
  public double arrivalRatePerSecond() {
    long n = requests.get();
    long span = lastNanos.get() - firstNanos.get();
    return n < 2 || span <= 0 ? Double.NaN : (n - 1) / (span / 1e9);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      long now = System.nanoTime();
      firstNanos.accumulateAndGet(now, Math::min);
      lastNanos.accumulateAndGet(now, Math::max);
      String path = exchange.getRequestURI().getPath();
      if (SimulatedBatches.serves(path)) {
        batches.handle(exchange, path);
        return;
      }
      boolean chat = path.endsWith("/chat/completions");
      if (!"POST".equals(exchange.getRequestMethod()) || !(chat || path.endsWith("/completions"))) {
        send(exchange, 404, error("SIMULATED endpoint serves POST /v1/chat/completions and /v1/completions, not "
            + exchange.getRequestMethod() + " " + path, "invalid_request_error", null));
        return;
      }
      byte[] bodyBytes;
      try (InputStream in = exchange.getRequestBody()) {
        bodyBytes = in.readAllBytes();
      }
      String body = new String(bodyBytes, StandardCharsets.UTF_8);
      double fault;
      long latencyMs;
      synchronized (faults) {
        fault = faults.nextDouble();
        long span = settings.maxLatency().toMillis() - settings.minLatency().toMillis();
        latencyMs = settings.minLatency().toMillis() + (span > 0 ? faults.nextLong(span + 1) : 0);
      }
      if (latencyMs > 0) {
        try {
          Thread.sleep(latencyMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (fault < settings.rate429()) {
        long ms = settings.retryAfter().toMillis();
        exchange.getResponseHeaders().add("Retry-After", Long.toString(Math.max(1, (ms + 999) / 1000)));
        exchange.getResponseHeaders().add("retry-after-ms", Long.toString(ms));
        send(exchange, 429, error("SIMULATED rate limit reached; retry after " + ms + " ms", "rate_limit_error", "rate_limit_exceeded"));
        return;
      }
      if (fault < settings.rate429() + settings.rate5xx()) {
        int code = fault < settings.rate429() + settings.rate5xx() / 2 ? 500 : 503;
        send(exchange, code, error("SIMULATED server error " + code, "server_error", null));
        return;
      }
      JsonNode request;
      try {
        request = LlmRequest.JSON.readTree(body);
      } catch (IOException e) {
        send(exchange, 400, error("SIMULATED endpoint got a body that is not JSON: " + e.getMessage(), "invalid_request_error", null));
        return;
      }
      String badBias = badLogitBias(request.get("logit_bias"));
      if (badBias != null) { // as OpenAI answers a malformed logit_bias
        send(exchange, 400, error("SIMULATED endpoint: Invalid 'logit_bias': " + badBias, "invalid_request_error", null));
        return;
      }
      String sampleIndex = exchange.getRequestHeaders().getFirst("X-Sample-Index");
      send(exchange, 200, respond(request, chat, sampleIndex == null ? "0" : sampleIndex, body));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "SIMULATED LLM endpoint failed on a request", e);
      throw e;
    }
  }

  /** Null if {@code logit_bias} is absent or an object of token ids (digits) to numbers in -100..100; else what is wrong. */
  public static String badLogitBias(JsonNode bias) {
    if (bias == null || bias.isNull()) {
      return null;
    }
    if (!bias.isObject()) {
      return "expected an object of token id to bias, got " + bias.getNodeType();
    }
    for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = bias.fields(); it.hasNext(); ) {
      java.util.Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().matches("\\d+") || !e.getValue().isNumber() || Math.abs(e.getValue().asDouble()) > 100) {
        return "token " + e.getKey() + ": " + e.getValue() + " (keys are token ids, values -100..100)";
      }
    }
    return null;
  }

  private byte[] respond(JsonNode request, boolean chat, String sampleIndex, String body) {
    String prompt;
    if (chat) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode m : request.path("messages")) {
        if (sb.length() > 0) sb.append("\n\n");
        sb.append(m.path("content").asText());
      }
      prompt = sb.toString();
    } else {
      prompt = request.path("prompt").asText();
    }
    String digest = LlmRequest.sha256(settings.seed() + "\n" + sampleIndex + "\n" + body);
    SplittableRandom random = new SplittableRandom(Long.parseUnsignedLong(digest.substring(0, 16), 16));
    String answer = null;
    for (Responder responder : responders) {
      answer = responder.answer(prompt, seeds, random);
      if (answer != null) break;
    }
    if (answer == null) answer = "";
    String finish = "stop";
    int maxTokens = request.path("max_tokens").asInt(0);
    if (maxTokens > 0 && Tokens.estimate(answer) > maxTokens) {
      answer = answer.substring(0, Math.min(answer.length(), maxTokens * 4));
      finish = "length";
    }
    String model = "SIMULATED:" + request.path("model").asText("unknown");
    ObjectNode root = LlmRequest.JSON.createObjectNode();
    root.put("id", (chat ? "chatcmpl-sim-" : "cmpl-sim-") + digest.substring(0, 24));
    root.put("object", chat ? "chat.completion" : "text_completion");
    root.put("created", System.currentTimeMillis() / 1000);
    root.put("model", model);
    root.put("system_fingerprint", FINGERPRINT);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    if (chat) {
      choice.putObject("message").put("role", "assistant").put("content", answer);
    } else {
      choice.put("text", answer);
    }
    choice.put("finish_reason", finish);
    long promptTokens = Tokens.estimate(prompt);
    long completionTokens = Tokens.estimate(answer);
    root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
        .put("total_tokens", promptTokens + completionTokens);
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] error(String message, String type, String code) {
    ObjectNode root = LlmRequest.JSON.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", message);
    error.put("type", type);
    if (code != null) error.put("code", code);
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange exchange, int code, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Seed tasks from a Self-Instruct {@code seed_tasks.jsonl}, or the built-in corpus for "". */
  public static List<SeedTask> loadSeeds(String path) {
    if (path == null || path.isEmpty()) {
      return BUILT_IN;
    }
    List<SeedTask> seeds = new ArrayList<>();
    try {
      int line = 0;
      for (String text : Files.readAllLines(Path.of(path), StandardCharsets.UTF_8)) {
        line++;
        if (text.isBlank()) continue;
        JsonNode n = LlmRequest.JSON.readTree(text);
        List<Instance> instances = new ArrayList<>();
        n.path("instances").forEach(i -> instances.add(new Instance(i.path("input").asText(""), i.path("output").asText(""))));
        if (!n.hasNonNull("instruction")) {
          throw org.instructsynth.core.UserError.config(String.format(Locale.ROOT,
              "llm.simulator.seed-tasks-path %s line %d has no instruction; expected Self-Instruct's seed_tasks.jsonl shape", path, line));
        }
        seeds.add(new SeedTask(n.path("id").asText("seed_" + line), n.path("name").asText(""), n.get("instruction").asText(),
            instances, n.path("is_classification").asBoolean(false), null, null, null));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read llm.simulator.seed-tasks-path " + path + ": " + e.getMessage(), e);
    }
    if (seeds.isEmpty()) {
      throw org.instructsynth.core.UserError.config("llm.simulator.seed-tasks-path " + path + " holds no seed tasks; the SIMULATED endpoint needs at least one");
    }
    return List.copyOf(seeds);
  }

  private static final List<SeedTask> BUILT_IN = List.of(
      seed("sim_0", "Give three tips for staying healthy.", "", "1. Eat a balanced diet.\n2. Exercise regularly.\n3. Sleep at least seven hours a night."),
      seed("sim_1", "Classify the sentiment of the sentence as positive or negative.", "I loved the movie.", "positive"),
      seed("sim_2", "Translate the sentence into French.", "Where is the station?", "Où est la gare ?"),
      seed("sim_3", "Write a haiku about autumn leaves.", "", "Crimson leaves drifting\nacross the quiet river\nsummer says goodbye"),
      seed("sim_4", "Summarize the paragraph in one sentence.", "The city council met on Monday to discuss the new park. After a long debate, members voted to fund it.",
          "The city council voted on Monday to fund the new park."),
      seed("sim_5", "Is the number prime?", "91", "No, 91 = 7 x 13."),
      seed("sim_6", "Suggest a name for a bakery that sells vegan pastries.", "", "Green Crumb Bakery"),
      seed("sim_7", "Explain why the sky is blue to a ten-year-old.", "",
          "Sunlight has all colors in it. Tiny bits of air scatter blue light much more than red light, so blue light comes at us from every direction."));

  private static SeedTask seed(String id, String instruction, String input, String output) {
    return new SeedTask(id, id, instruction, List.of(new Instance(input, output)), false, null, null, null);
  }

  @Override
  public void close() {
    server.stop();
    SHARED.remove(settings, this);
  }

  @Override
  public String toString() {
    return "SimulatedLlmServer[SIMULATED, " + baseUrl() + "]";
  }
}
