package org.instructsynth.llm.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.instructsynth.llm.LlmRequest;

/**
 * The SIMULATED endpoint's Batch API: {@code POST /v1/files} (multipart, purpose batch), {@code POST
 * /v1/batches}, {@code GET /v1/batches/{id}} and {@code GET /v1/files/{id}/content}. A batch is
 * answered line by line with the simulator's online answers (no injected faults) when it is
 * created; it reports {@code in_progress} on the first status read and {@code completed} after.
 * Every batch and answer says SIMULATED.
 */
final class SimulatedBatches {
  interface Answerer {
    byte[] respond(JsonNode request, boolean chat, String sampleIndex, String body);
  }

  private final Answerer answerer;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> batches = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong lines = new AtomicLong();

  SimulatedBatches(Answerer answerer) {
    this.answerer = answerer;
  }

  /** Requests received in created batches (lines of their input files). */
  long requestCount() {
    return lines.get();
  }

  static boolean serves(String path) {
    return path.startsWith("/v1/files") || path.startsWith("/v1/batches");
  }

  void handle(HttpExchange exchange, String path) throws IOException {
    String method = exchange.getRequestMethod();
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    if ("POST".equals(method) && path.equals("/v1/files")) {
      upload(exchange, body);
    } else if ("POST".equals(method) && path.equals("/v1/batches")) {
      create(exchange, body);
    } else if ("GET".equals(method) && path.startsWith("/v1/batches/")) {
      ObjectNode batch = batches.get(path.substring("/v1/batches/".length()));
      if (batch == null) {
        send(exchange, 404, error("SIMULATED: no batch " + path), "application/json");
        return;
      }
      synchronized (batch) {
        send(exchange, 200, batch.toString().getBytes(StandardCharsets.UTF_8), "application/json");
        batch.put("status", "completed");
      }
    } else if ("GET".equals(method) && path.startsWith("/v1/files/") && path.endsWith("/content")) {
      byte[] content = files.get(path.substring("/v1/files/".length(), path.length() - "/content".length()));
      send(exchange, content == null ? 404 : 200, content == null ? error("SIMULATED: no file " + path) : content,
          content == null ? "application/json" : "application/jsonl");
    } else {
      send(exchange, 404, error("SIMULATED Batch API serves POST /v1/files, POST /v1/batches, GET /v1/batches/{id} and "
          + "GET /v1/files/{id}/content, not " + method + " " + path), "application/json");
    }
  }

  private void upload(HttpExchange exchange, byte[] body) throws IOException {
    String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
    int at = type.indexOf("boundary=");
    if (at < 0) {
      send(exchange, 400, error("SIMULATED: POST /v1/files needs multipart/form-data"), "application/json");
      return;
    }
    String boundary = "--" + type.substring(at + "boundary=".length()).replace("\"", "").trim();
    String raw = new String(body, StandardCharsets.ISO_8859_1);
    String content = null;
    String purpose = null;
    for (String part : raw.split(java.util.regex.Pattern.quote(boundary))) {
      int split = part.indexOf("\r\n\r\n");
      if (split < 0) continue;
      String headers = part.substring(0, split);
      String value = part.substring(split + 4);
      value = value.endsWith("\r\n") ? value.substring(0, value.length() - 2) : value;
      if (headers.contains("name=\"file\"")) content = value;
      if (headers.contains("name=\"purpose\"")) purpose = value.trim();
    }
    if (content == null || !"batch".equals(purpose)) {
      send(exchange, 400, error("SIMULATED: POST /v1/files needs a file part and purpose=batch"), "application/json");
      return;
    }
    String id = "file-SIMULATED-" + ids.incrementAndGet();
    byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);
    files.put(id, bytes);
    ObjectNode file = LlmRequest.JSON.createObjectNode().put("id", id).put("object", "file").put("bytes", bytes.length)
        .put("purpose", "batch");
    send(exchange, 200, file.toString().getBytes(StandardCharsets.UTF_8), "application/json");
  }

  private void create(HttpExchange exchange, byte[] body) throws IOException {
    JsonNode req = LlmRequest.JSON.readTree(body);
    byte[] input = files.get(req.path("input_file_id").asText());
    if (input == null) {
      send(exchange, 400, error("SIMULATED: input_file_id " + req.path("input_file_id").asText() + " was not uploaded"), "application/json");
      return;
    }
    StringBuilder out = new StringBuilder();
    long total = 0;
    for (String line : new String(input, StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank()) continue;
      total++;
      JsonNode n = LlmRequest.JSON.readTree(line);
      JsonNode request = n.path("body");
      String url = n.path("url").asText();
      byte[] answer = answerer.respond(request, url.endsWith("/chat/completions"), n.path("custom_id").asText(), request.toString());
      ObjectNode result = LlmRequest.JSON.createObjectNode().put("id", "batch_req_SIMULATED_" + ids.incrementAndGet())
          .put("custom_id", n.path("custom_id").asText());
      result.putObject("response").put("status_code", 200).put("request_id", "SIMULATED").set("body", LlmRequest.JSON.readTree(answer));
      result.putNull("error");
      out.append(result).append('\n');
    }
    String outputId = "file-SIMULATED-" + ids.incrementAndGet();
    files.put(outputId, out.toString().getBytes(StandardCharsets.UTF_8));
    String id = "batch_SIMULATED_" + ids.incrementAndGet();
    ObjectNode batch = LlmRequest.JSON.createObjectNode().put("id", id).put("object", "batch")
        .put("endpoint", req.path("endpoint").asText()).put("input_file_id", req.path("input_file_id").asText())
        .put("completion_window", req.path("completion_window").asText("24h")).put("status", "in_progress")
        .put("output_file_id", outputId).putNull("error_file_id");
    batch.putObject("request_counts").put("total", total).put("completed", total).put("failed", 0);
    batch.set("metadata", req.path("metadata").isObject() ? req.get("metadata") : LlmRequest.JSON.createObjectNode());
    batches.put(id, batch);
    lines.addAndGet(total);
    synchronized (batch) {
      send(exchange, 200, batch.toString().getBytes(StandardCharsets.UTF_8), "application/json");
    }
  }

  private static byte[] error(String message) {
    ObjectNode root = LlmRequest.JSON.createObjectNode();
    root.putObject("error").put("message", message).put("type", "invalid_request_error");
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange exchange, int code, byte[] body, String type) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(code, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
