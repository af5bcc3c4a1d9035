package org.instructsynth.llm.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A submitted batch not yet collected, as recorded under {@code <output>/llm_calls/_batches/}: the
 * batch and input file ids, the request keys it holds and their hash (SHA-256 of the sorted keys,
 * one a line), so that a rerun collects it instead of paying for the same requests again.
 */
public record PendingBatch(String batchId, String inputFileId, String endpoint, String keysSha256, long submittedAtMillis,
    List<String> keys) {
  public PendingBatch {
    keys = List.copyOf(keys);
  }

  public String toJson() {
    ObjectNode n = BatchClient.JSON.createObjectNode();
    n.put("batch_id", batchId);
    n.put("input_file_id", inputFileId);
    n.put("endpoint", endpoint);
    n.put("keys_sha256", keysSha256);
    n.put("submitted_at_ms", submittedAtMillis);
    n.put("request_count", keys.size());
    ArrayNode k = n.putArray("request_keys");
    keys.forEach(k::add);
    return n.toPrettyString();
  }

  /** @throws IllegalArgumentException for a file that is not a batch record */
  public static PendingBatch fromJson(String json) {
    JsonNode n;
    try {
      n = BatchClient.JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("a batch record is not JSON: " + e.getMessage(), e);
    }
    if (n == null || !n.path("batch_id").isTextual() || !n.path("request_keys").isArray()) {
      throw new IllegalArgumentException("a batch record without batch_id or request_keys");
    }
    List<String> keys = new ArrayList<>();
    n.get("request_keys").forEach(k -> keys.add(k.asText()));
    return new PendingBatch(n.get("batch_id").asText(), n.path("input_file_id").asText(""), n.path("endpoint").asText(""),
        n.path("keys_sha256").asText(""), n.path("submitted_at_ms").asLong(0), keys);
  }
}
