package org.instructsynth.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The project's JSON mapper and the helpers for reading one record's fields with clear errors. */
public final class Json {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private Json() {}

  /** Parses one JSON object; anything else is a {@link MalformedRecordException} saying why. */
  public static JsonNode object(String text) throws MalformedRecordException {
    if (text == null || text.isBlank()) {
      throw new MalformedRecordException("empty line: expected one JSON object");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new MalformedRecordException("not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new MalformedRecordException(
          "expected a JSON object, found " + kind(node) + "; each line must be one {...} record");
    }
    return node;
  }

  /**
   * A text field. Missing or null gives {@code defaultValue} when that is non-null; otherwise it is an
   * error, as is any value that is not a JSON string.
   */
  public static String text(JsonNode record, String field, String defaultValue)
      throws MalformedRecordException {
    JsonNode v = record.get(field);
    if (v == null || v.isNull()) {
      if (defaultValue != null) {
        return defaultValue;
      }
      throw new MalformedRecordException(
          "field '" + field + "' is " + (v == null ? "missing" : "null") + "; it must be a string");
    }
    if (!v.isTextual()) {
      throw new MalformedRecordException(
          "field '" + field + "' must be a string, found " + kind(v) + " " + preview(v));
    }
    return v.textValue();
  }

  public static String kind(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "nothing";
    }
    return switch (v.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case STRING -> "a string";
      default -> v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String preview(JsonNode v) {
    String s = v.toString();
    return "(" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + ")";
  }
}
