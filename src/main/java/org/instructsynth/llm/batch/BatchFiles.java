package org.instructsynth.llm.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.instructsynth.llm.LlmSettings;

/**
 * Builds the Batch API's input files: one JSONL line {@code {"custom_id": <request key>, "method":
 * "POST", "url": "/v1/chat/completions", "body": {...}}} per request, split so that no file holds
 * more than the API's 50,000 requests or 200 MB.
 */
public final class BatchFiles {
  public static final int MAX_REQUESTS = 50_000;
  public static final long MAX_BYTES = 200L * 1024 * 1024;

  /** One input file and the keys it holds, in order. */
  public record Chunk(List<String> keys, byte[] jsonl) {}

  private BatchFiles() {}

  /** The batch line's {@code url} and the batch's {@code endpoint} for {@code llm.endpoint}. */
  public static String endpoint(LlmSettings settings) {
    return LlmSettings.CHAT.equals(settings.endpoint()) ? "/v1/chat/completions" : "/v1/completions";
  }

  public static List<Chunk> split(List<BatchItem> items, String endpoint, int maxRequests, long maxBytes) {
    List<Chunk> out = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    for (BatchItem item : items) {
      byte[] line = line(item, endpoint);
      if (line.length > maxBytes) {
        throw new IllegalArgumentException("request " + item.key() + " alone is " + line.length
            + " bytes, more than a batch file may hold (" + maxBytes + "); shorten the prompt or use llm.mode: online");
      }
      if (!keys.isEmpty() && (keys.size() >= maxRequests || buffer.size() + line.length > maxBytes)) {
        out.add(new Chunk(List.copyOf(keys), buffer.toByteArray()));
        keys.clear();
        buffer.reset();
      }
      keys.add(item.key());
      buffer.writeBytes(line);
    }
    if (!keys.isEmpty()) {
      out.add(new Chunk(List.copyOf(keys), buffer.toByteArray()));
    }
    return out;
  }

  static byte[] line(BatchItem item, String endpoint) {
    ObjectNode n = BatchClient.JSON.createObjectNode();
    n.put("custom_id", item.key());
    n.put("method", "POST");
    n.put("url", endpoint);
    try {
      n.set("body", BatchClient.JSON.readTree(item.request().wireBody()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot re-read a request body as JSON: " + e.getMessage(), e);
    }
    return (n.toString() + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
