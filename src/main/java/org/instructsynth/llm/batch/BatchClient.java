package org.instructsynth.llm.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.instructsynth.llm.HttpClients;
import org.instructsynth.llm.LlmAuthException;
import org.instructsynth.llm.LlmClock;
import org.instructsynth.llm.Secrets;

/**
 * The HTTP side of OpenAI's Batch API: upload a JSONL file ({@code POST /files}, multipart, {@code
 * purpose=batch}), create a batch ({@code POST /batches}), read its status ({@code GET
 * /batches/{id}}) and download a file ({@code GET /files/{id}/content}). Transient answers (408,
 * 409, 429, 5xx, I/O errors) are retried up to {@code maxRetries} times with doubling waits; 401
 * and 403 are {@link LlmAuthException}s; every message is redacted.
 */
public final class BatchClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final MediaType JSONL_TYPE = MediaType.get("application/jsonl");

  /** A batch as the API describes it. */
  public record Status(String id, String status, String outputFileId, String errorFileId, long total, long completed, long failed) {
    public boolean terminal() {
      return switch (status) {
        case "completed", "failed", "expired", "cancelled" -> true;
        default -> false;
      };
    }
  }

  private final OkHttpClient http;
  private final String root;
  private final String apiKey;
  private final Map<String, String> secretHeaders;
  private final int maxRetries;
  private final long backoffMillis;
  private final LlmClock clock;

  /** @param baseUrl the API root including {@code /v1} */
  public BatchClient(OkHttpClient http, String baseUrl, String apiKey, Map<String, String> secretHeaders, int maxRetries,
      long backoffMillis, LlmClock clock) {
    this.http = http;
    this.root = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.apiKey = apiKey == null ? "" : apiKey;
    this.secretHeaders = Map.copyOf(secretHeaders);
    this.maxRetries = maxRetries;
    this.backoffMillis = Math.max(1, backoffMillis);
    this.clock = clock;
    Secrets.register(apiKey);
  }

  /** Uploads {@code jsonl} as {@code filename} with purpose batch; returns the file id. */
  public String upload(String filename, byte[] jsonl) throws IOException, InterruptedException {
    RequestBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)
        .addFormDataPart("purpose", "batch")
        .addFormDataPart("file", filename, RequestBody.create(jsonl, JSONL_TYPE))
        .build();
    return text(json(new Request.Builder().url(root + "/files").post(body), "upload " + filename), "id", "POST /files");
  }

  /** Creates a batch of the uploaded file for {@code endpoint} (e.g. {@code /v1/chat/completions}), window 24h. */
  public Status create(String inputFileId, String endpoint, Map<String, String> metadata) throws IOException, InterruptedException {
    ObjectNode req = JSON.createObjectNode();
    req.put("input_file_id", inputFileId);
    req.put("endpoint", endpoint);
    req.put("completion_window", "24h");
    ObjectNode meta = req.putObject("metadata");
    metadata.forEach(meta::put);
    return status(json(new Request.Builder().url(root + "/batches").post(RequestBody.create(req.toString(), JSON_TYPE)), "create batch"));
  }

  public Status get(String batchId) throws IOException, InterruptedException {
    return status(json(new Request.Builder().url(root + "/batches/" + batchId).get(), "read batch " + batchId));
  }

  /** The content of a file (a batch's output or error JSONL). */
  public String content(String fileId) throws IOException, InterruptedException {
    return send(new Request.Builder().url(root + "/files/" + fileId + "/content").get(), "download file " + fileId);
  }

  private static Status status(JsonNode n) {
    JsonNode counts = n.path("request_counts");
    return new Status(n.path("id").asText(), n.path("status").asText("unknown"), textOrNull(n, "output_file_id"),
        textOrNull(n, "error_file_id"), counts.path("total").asLong(0), counts.path("completed").asLong(0), counts.path("failed").asLong(0));
  }

  private JsonNode json(Request.Builder request, String what) throws IOException, InterruptedException {
    String body = send(request, what);
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IOException(what + " at " + Secrets.redact(root) + " answered with a body that is not JSON: "
          + Secrets.redact(body.length() > 200 ? body.substring(0, 200) + "..." : body));
    }
  }

  private String send(Request.Builder request, String what) throws IOException, InterruptedException {
    HttpClients.authorize(request, apiKey, secretHeaders);
    Request built = request.build();
    String last = null;
    for (int attempt = 1; attempt <= maxRetries + 1; attempt++) {
      if (attempt > 1) {
        clock.sleepNanos(Math.min(60_000L, backoffMillis << Math.min(attempt - 2, 16)) * 1_000_000L);
      }
      String text;
      int code;
      try (Response response = http.newCall(built).execute()) {
        text = response.body().string();
        code = response.code();
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("interrupted during " + what);
        }
        last = what + ": " + Secrets.redact(String.valueOf(e.getMessage()));
        continue;
      }
      if (code >= 200 && code < 300) {
        return text;
      }
      String message = Secrets.redact(text.length() > 500 ? text.substring(0, 500) + "..." : text);
      if (code == 401 || code == 403) {
        throw new LlmAuthException(String.format(Locale.ROOT, "%s: %s rejected the credentials with HTTP %d: %s. Check the API key "
            + "(llm.api-key-env) and llm.header-envs; nothing was retried", what, Secrets.redact(root), code, message));
      }
      last = String.format(Locale.ROOT, "%s: HTTP %d from %s: %s", what, code, Secrets.redact(root), message);
      if (!(code == 408 || code == 409 || code == 429 || code >= 500)) {
        throw new IOException(last);
      }
    }
    throw new IOException("gave up after " + (maxRetries + 1) + " attempts: " + last);
  }

  private static String text(JsonNode n, String field, String what) throws IOException {
    if (!n.path(field).isTextual()) {
      throw new IOException(what + " answered without " + field + ": " + Secrets.redact(n.toString()));
    }
    return n.get(field).asText();
  }

  private static String textOrNull(JsonNode n, String field) {
    return n.path(field).isTextual() && !n.get(field).asText().isEmpty() ? n.get(field).asText() : null;
  }
}
