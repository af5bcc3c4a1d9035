package org.instructsynth.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Converts one YAML scalar to a typed value and checks its range: the one place where the type and
 * range of a configuration value are checked. Each method returns the value, or null after handing
 * {@code problem} one message that says what was expected and what was found.
 */
final class Values {
  private Values() {}

  /** {@code true}/{@code false}, also written as text. */
  static Boolean bool(JsonNode v, Consumer<String> problem) {
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual()) {
      String t = v.asText().trim().toLowerCase(Locale.ROOT);
      if (t.equals("true") || t.equals("false")) {
        return Boolean.parseBoolean(t);
      }
    }
    problem.accept("must be true or false, found " + describe(v));
    return null;
  }

  /** A whole number in {@code [min, max]}; text such as {@code 1_000} is accepted. */
  static Long whole(JsonNode v, long min, long max, Consumer<String> problem) {
    Long parsed = null;
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      parsed = v.longValue();
    } else if (v.isTextual()) {
      try {
        parsed = Long.parseLong(v.asText().trim().replace("_", ""));
      } catch (NumberFormatException e) {
        parsed = null;
      }
    }
    if (parsed == null) {
      problem.accept("must be a whole number, found " + describe(v));
      return null;
    }
    if (parsed < min || parsed > max) {
      problem.accept("must be between " + min + " and " + max + ", found " + parsed);
      return null;
    }
    return parsed;
  }

  /** A number in {@code [min, max]}, or strictly between them when {@code open}. */
  static Double number(JsonNode v, double min, double max, boolean open, Consumer<String> problem) {
    Double parsed = null;
    if (v.isNumber()) {
      parsed = v.doubleValue();
    } else if (v.isTextual()) {
      try {
        parsed = Double.parseDouble(v.asText().trim());
      } catch (NumberFormatException e) {
        parsed = null;
      }
    }
    if (parsed == null || parsed.isNaN()) {
      problem.accept("must be a number, found " + describe(v));
      return null;
    }
    if (open && (parsed <= min || parsed >= max)) {
      problem.accept("must be above " + min + " and below " + max + ", found " + parsed);
      return null;
    }
    if (parsed < min || parsed > max) {
      problem.accept("must be between " + min + " and " + max + ", found " + parsed);
      return null;
    }
    return parsed;
  }

  /** How a found value is quoted in a message: a mapping, a list, or its text (shortened). */
  static String describe(JsonNode v) {
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isArray()) {
      return "a list";
    }
    String text = v.asText();
    if (text.length() > 60) {
      text = text.substring(0, 60) + "...";
    }
    return "'" + text + "'";
  }
}
