package org.instructsynth.llm.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A MockWebServer dispatcher that behaves like OpenAI's Batch API: multipart uploads with purpose
 * batch, batches that report {@code validating}, {@code in_progress} until {@link #finish} (or
 * after {@code pollsUntilDone} reads), then {@code completed} with an output file (one chat
 * completion per line, usage with cached tokens) and an error file for requests whose prompt
 * contains "reject me". Checks the bearer token on every call. Records what it was sent.
 */
public final class FakeBatchApi extends Dispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();

  public final List<String> requestLines = new CopyOnWriteArrayList<>();
  public final List<String> authorizations = new CopyOnWriteArrayList<>();
  public final List<String> uploads = new CopyOnWriteArrayList<>();
  public final AtomicInteger batchCreates = new AtomicInteger();
  public final AtomicBoolean finished = new AtomicBoolean();
  /**
   * When set, usage is what a real server reports for these prompts: prompt tokens as we estimate them
   * (no cache) and at most 16 completion tokens, never more than max_tokens; otherwise a fixed 1000
   * prompt (400 cached) and 100 completion tokens.
   */
  public volatile boolean usageFromRequest;
  private final Map<String, String> files = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> batches = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final String expectedAuth;
  private final int pollsUntilDone;

  /** @param pollsUntilDone status reads before a batch completes by itself; 0 means only {@link #finish} completes it */
  public FakeBatchApi(String apiKey, int pollsUntilDone) {
    this.expectedAuth = "Bearer " + apiKey;
    this.pollsUntilDone = pollsUntilDone;
  }

  public void finish() {
    finished.set(true);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String method = request.getMethod();
    String path = request.getUrl().encodedPath();
    requestLines.add(method + " " + path);
    String auth = request.getHeaders().get("Authorization");
    authorizations.add(String.valueOf(auth));
    if (!expectedAuth.equals(auth)) {
      return json(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"code\":\"invalid_api_key\"}}");
    }
    try {
      if ("POST".equals(method) && path.equals("/v1/files")) {
        return upload(request);
      }
      if ("POST".equals(method) && path.equals("/v1/batches")) {
        return create(JSON.readTree(request.getBody().utf8()));
      }
      if ("GET".equals(method) && path.startsWith("/v1/batches/")) {
        return status(path.substring("/v1/batches/".length()));
      }
      if ("GET".equals(method) && path.startsWith("/v1/files/") && path.endsWith("/content")) {
        String content = files.get(path.substring("/v1/files/".length(), path.length() - "/content".length()));
        return content == null ? json(404, "{\"error\":{\"message\":\"No such File object\"}}")
            : new MockResponse.Builder().code(200).addHeader("Content-Type", "application/octet-stream").body(content).build();
      }
    } catch (Exception e) {
      return json(500, "{\"error\":{\"message\":\"fake failed: " + e.getMessage().replace('"', '\'') + "\"}}");
    }
    return json(404, "{\"error\":{\"message\":\"unknown path " + path + "\"}}");
  }

  private MockResponse upload(RecordedRequest request) throws Exception {
    String type = request.getHeaders().get("Content-Type");
    String body = request.getBody().string(StandardCharsets.ISO_8859_1);
    if (type == null || !type.startsWith("multipart/form-data") || !body.contains("name=\"purpose\"\r\n\r\nbatch\r\n")) {
      return json(400, "{\"error\":{\"message\":\"purpose must be batch and the upload multipart\"}}");
    }
    String boundary = "--" + type.substring(type.indexOf("boundary=") + 9);
    String content = null;
    for (String part : body.split(java.util.regex.Pattern.quote(boundary))) {
      if (part.contains("name=\"file\"")) {
        content = part.substring(part.indexOf("\r\n\r\n") + 4);
        content = content.substring(0, content.length() - 2);
      }
    }
    String text = new String(content.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    uploads.add(text);
    String id = "file-in-" + ids.incrementAndGet();
    files.put(id, text);
    return json(200, "{\"id\":\"" + id + "\",\"object\":\"file\",\"purpose\":\"batch\",\"bytes\":" + text.length() + "}");
  }

  private MockResponse create(JsonNode req) throws Exception {
    if (!"24h".equals(req.path("completion_window").asText()) || !req.path("endpoint").asText().startsWith("/v1/")) {
      return json(400, "{\"error\":{\"message\":\"completion_window must be 24h and endpoint a /v1 path\"}}");
    }
    String input = files.get(req.path("input_file_id").asText());
    if (input == null) {
      return json(400, "{\"error\":{\"message\":\"input file not found\"}}");
    }
    batchCreates.incrementAndGet();
    String id = "batch_" + ids.incrementAndGet();
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    int n = 0;
    for (String line : input.split("\n")) {
      if (line.isBlank()) continue;
      n++;
      JsonNode l = JSON.readTree(line);
      String key = l.path("custom_id").asText();
      String prompt = l.path("body").toString();
      if (!"POST".equals(l.path("method").asText()) || !l.path("url").asText().equals(req.path("endpoint").asText())) {
        throw new IllegalArgumentException("line " + n + " has method/url " + l.path("method") + " " + l.path("url"));
      }
      if (prompt.contains("reject me")) {
        err.append("{\"id\":\"r").append(n).append("\",\"custom_id\":\"").append(key).append("\",\"response\":{\"status_code\":400,")
            .append("\"body\":{\"error\":{\"message\":\"This prompt was rejected\",\"code\":\"invalid_prompt\"}}},\"error\":null}\n");
      } else {
        err.length();
        out.append("{\"id\":\"r").append(n).append("\",\"custom_id\":\"").append(key).append("\",\"response\":{\"status_code\":200,")
            .append("\"body\":{\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",")
            .append("\"content\":\"answer for ").append(key, 0, 8).append("\"},\"finish_reason\":\"stop\"}],")
            .append(usage(l.path("body"))).append("}},")
            .append("\"error\":null}\n");
      }
    }
    String outId = "file-out-" + ids.incrementAndGet();
    String errId = "file-err-" + ids.incrementAndGet();
    files.put(outId, out.toString());
    files.put(errId, err.toString());
    ObjectNode batch = JSON.createObjectNode().put("id", id).put("object", "batch").put("status", "validating")
        .put("endpoint", req.path("endpoint").asText()).put("input_file_id", req.path("input_file_id").asText())
        .put("completion_window", "24h").put("_out", outId).put("_err", err.length() == 0 ? "" : errId);
    batch.putObject("request_counts").put("total", n).put("completed", 0).put("failed", 0);
    batches.put(id, batch);
    polls.put(id, new AtomicInteger());
    return json(200, visible(batch).toString());
  }

  private String usage(JsonNode body) {
    if (!usageFromRequest) {
      return "\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":100,\"prompt_tokens_details\":{\"cached_tokens\":400}}";
    }
    long prompt = 3;
    for (JsonNode m : body.path("messages")) {
      prompt += 4 + org.instructsynth.llm.Tokens.estimate(m.path("content").asText());
    }
    long completion = Math.min(16, body.path("max_tokens").asLong(4096));
    return "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + "}";
  }

  /** The custom_ids of the {@code i}-th uploaded file, in order. */
  public List<String> uploadedKeys(int i) throws java.io.IOException {
    List<String> keys = new ArrayList<>();
    for (String line : uploads.get(i).split("\n")) {
      if (!line.isBlank()) keys.add(JSON.readTree(line).path("custom_id").asText());
    }
    return keys;
  }

  private MockResponse status(String id) {
    ObjectNode batch = batches.get(id);
    if (batch == null) {
      return json(404, "{\"error\":{\"message\":\"No batch with id " + id + "\"}}");
    }
    int n = polls.get(id).incrementAndGet();
    boolean done = finished.get() || (pollsUntilDone > 0 && n >= pollsUntilDone);
    batch.put("status", done ? "completed" : "in_progress");
    if (done) {
      batch.put("output_file_id", batch.get("_out").asText());
      if (!batch.get("_err").asText().isEmpty()) {
        batch.put("error_file_id", batch.get("_err").asText());
      }
    }
    return json(200, visible(batch).toString());
  }

  private static ObjectNode visible(ObjectNode batch) {
    ObjectNode copy = batch.deepCopy();
    copy.remove(List.of("_out", "_err"));
    return copy;
  }

  public List<String> requests(String prefix) {
    List<String> out = new ArrayList<>();
    requestLines.stream().filter(l -> l.startsWith(prefix)).forEach(out::add);
    return out;
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }
}
