package org.instructsynth.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.instructsynth.core.Instance;
import org.instructsynth.core.SeedTask;

/**
 * Reads Self-Instruct's {@code seed_tasks.jsonl} lines unchanged:
 * {@code {"id", "name", "instruction", "instances": [{"input", "output"}], "is_classification"}}, plus
 * the optional {@code labels}, {@code cluster} and {@code language} this project adds.
 */
public final class SeedTaskParser {
  private SeedTaskParser() {}

  public static SeedTask parse(String json) throws MalformedRecordException {
    JsonNode node = Json.object(json);
    String id = Json.text(node, "id", null);
    String name = Json.text(node, "name", id);
    String instruction = Json.text(node, "instruction", null);
    if (instruction.isBlank()) {
      throw new MalformedRecordException("field 'instruction' is empty");
    }
    JsonNode instances = node.get("instances");
    if (instances == null || !instances.isArray() || instances.isEmpty()) {
      throw new MalformedRecordException(
          "field 'instances' must be a non-empty array of {\"input\", \"output\"} objects, found "
              + Json.kind(instances));
    }
    List<Instance> list = new ArrayList<>();
    for (int i = 0; i < instances.size(); i++) {
      JsonNode inst = instances.get(i);
      if (!inst.isObject()) {
        throw new MalformedRecordException("instances[" + i + "] must be an object, found " + Json.kind(inst));
      }
      try {
        list.add(new Instance(Json.text(inst, "input", ""), Json.text(inst, "output", null)));
      } catch (MalformedRecordException e) {
        throw new MalformedRecordException("instances[" + i + "]: " + e.getMessage());
      }
    }
    JsonNode clf = node.get("is_classification");
    if (clf != null && !clf.isNull() && !clf.isBoolean()) {
      throw new MalformedRecordException(
          "field 'is_classification' must be true or false, found " + Json.kind(clf));
    }
    List<String> labels = new ArrayList<>();
    JsonNode labelNode = node.get("labels");
    if (labelNode != null && !labelNode.isNull()) {
      if (!labelNode.isArray()) {
        throw new MalformedRecordException("field 'labels' must be an array of strings, found " + Json.kind(labelNode));
      }
      for (JsonNode l : labelNode) {
        if (!l.isTextual()) {
          throw new MalformedRecordException("field 'labels' must hold strings, found " + Json.kind(l));
        }
        labels.add(l.textValue());
      }
    }
    return new SeedTask(
        id,
        name,
        instruction,
        list,
        clf != null && clf.booleanValue(),
        labels,
        Json.text(node, "cluster", ""),
        Json.text(node, "language", ""));
  }
}
