package org.instructsynth.llm.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.instructsynth.llm.CompletionBody;
import org.instructsynth.llm.LlmResult;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.Secrets;

/**
 * Maps a finished batch's output and error files back to one {@link LlmResult} per request key: a
 * line whose {@code response.status_code} is 2xx becomes {@code ok} (usage and cost at the batch
 * price, cached prompt tokens at the cached rate), any other line {@code failed} with the API's
 * message. Lines for keys not asked for are ignored.
 */
public final class BatchResults {
  private BatchResults() {}

  /** @param requests the items still missing from the ledger, by key */
  public static Map<String, LlmResult> map(String batchId, String jsonl, Map<String, BatchItem> requests, LlmSettings settings) {
    Map<String, LlmResult> out = new HashMap<>();
    if (jsonl == null) {
      return out;
    }
    for (String line : jsonl.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode n;
      try {
        n = BatchClient.JSON.readTree(line);
      } catch (IOException e) {
        continue; // a torn line cannot name its request; the request is reported as missing from the batch
      }
      String key = n.path("custom_id").asText(null);
      BatchItem item = key == null ? null : requests.get(key);
      if (item == null) {
        continue;
      }
      out.put(key, result(batchId, n, item, settings));
    }
    return out;
  }

  private static LlmResult result(String batchId, JsonNode n, BatchItem item, LlmSettings settings) {
    String model = item.request().model();
    JsonNode response = n.path("response");
    int code = response.path("status_code").asInt(0);
    if (code >= 200 && code < 300) {
      try {
        return CompletionBody.parse(response.path("body"), item.request(), "batch " + batchId)
            .toResult(item.key(), settings.callPrice(model), 0, 1, 0, code);
      } catch (IllegalArgumentException malformed) {
        return LlmResult.failed(item.key(), model, 1, 0, code, Secrets.redact(malformed.getMessage()), 0);
      }
    }
    JsonNode error = response.path("body").path("error");
    if (!error.isObject()) {
      error = n.path("error");
    }
    String message = error.path("message").asText("no message");
    if (error.hasNonNull("code")) {
      message += " (code " + error.get("code").asText() + ")";
    }
    return LlmResult.failed(item.key(), model, 1, code == 429 ? 1 : 0, code == 0 ? null : code,
        Secrets.redact(String.format(Locale.ROOT, "batch %s: %s%s", batchId, code == 0 ? "" : "HTTP " + code + ": ", message)), 0);
  }
}
