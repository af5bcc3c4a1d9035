package org.instructsynth.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.Map;

/**
 * One row of an instruction set (Alpaca's {@code instruction, input, output}); field names in the
 * file may differ and are mapped by {@code input.fields}.
 *
 * @param sourceId the row's own id when the file has one, else empty
 */
public record InstructionRecord(String sourceId, String instruction, String input, String output)
    implements Serializable {

  /**
   * Reads one JSON object. Instruction and output are required strings; input may be missing or null
   * (read as empty, as in Alpaca); {@code id} may be a string or a number.
   */
  public static InstructionRecord parse(String json, Map<String, String> fields)
      throws MalformedRecordException {
    JsonNode node = Json.object(json);
    String idField = fields.getOrDefault("id", "id");
    JsonNode id = node.get(idField);
    String sourceId = id == null || id.isNull() || id.isContainerNode() ? "" : id.asText();
    return new InstructionRecord(
        sourceId,
        Json.text(node, fields.getOrDefault("instruction", "instruction"), null),
        Json.text(node, fields.getOrDefault("input", "input"), ""),
        Json.text(node, fields.getOrDefault("output", "output"), null));
  }
}
