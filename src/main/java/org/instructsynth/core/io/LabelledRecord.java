package org.instructsynth.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads one row of a labelled dataset: its top-level fields as text, for template slots. */
public final class LabelledRecord {
  private LabelledRecord() {}

  /**
   * The top-level fields of one JSON object as text: strings as they are, numbers and booleans as
   * JSON writes them, arrays and objects as compact JSON; null fields are left out.
   */
  public static Map<String, String> parse(String json) throws MalformedRecordException {
    JsonNode node = Json.object(json);
    Map<String, String> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isNull()) {
        continue;
      }
      out.put(e.getKey(), v.isTextual() ? v.textValue() : v.toString());
    }
    return out;
  }
}
