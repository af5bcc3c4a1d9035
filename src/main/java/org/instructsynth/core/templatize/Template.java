package org.instructsynth.core.templatize;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One FLAN-style instruction template: patterns with {@code {field}} slots filled from a labelled row.
 * {@code {{} and {@code }}} stand for literal braces.
 *
 * <p>When {@code instruction} is empty the rendered {@code input} pattern becomes the example's
 * instruction (FLAN's single "inputs" string) and the example's input is empty; otherwise the two are
 * rendered separately (Alpaca's instruction/input split).
 *
 * @param turnedAround FLAN's "turned around" templates ask for the input given the target; they never
 *     get an OPTIONS suffix
 */
public record Template(
    String id, String instruction, String input, String target, boolean turnedAround)
    implements Serializable {

  /** The field names this template's patterns use, in order of first use. */
  public Set<String> fields() {
    Set<String> out = new LinkedHashSet<>();
    for (String pattern : List.of(instruction, input, target)) {
      for (Object part : parse(pattern)) {
        if (part instanceof Slot slot) {
          out.add(slot.name());
        }
      }
    }
    return out;
  }

  /**
   * Fills {@code pattern}'s slots from {@code row}.
   *
   * @throws IllegalArgumentException naming the first slot the row has no value for
   */
  public static String render(String pattern, Map<String, String> row) {
    StringBuilder sb = new StringBuilder();
    for (Object part : parse(pattern)) {
      if (part instanceof Slot slot) {
        String v = row.get(slot.name());
        if (v == null) {
          throw new IllegalArgumentException(slot.name());
        }
        sb.append(v);
      } else {
        sb.append((String) part);
      }
    }
    return sb.toString();
  }

  /** Checks a pattern's syntax; returns a description of the first error or null. */
  public static String syntaxError(String pattern) {
    try {
      parse(pattern);
      return null;
    } catch (IllegalStateException e) {
      return e.getMessage();
    }
  }

  private record Slot(String name) {}

  private static List<Object> parse(String pattern) {
    List<Object> parts = new ArrayList<>();
    if (pattern == null) {
      return parts;
    }
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '{' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '{') {
        literal.append('{');
        i += 2;
      } else if (c == '}' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '}') {
        literal.append('}');
        i += 2;
      } else if (c == '{') {
        int close = pattern.indexOf('}', i + 1);
        if (close < 0) {
          throw new IllegalStateException("'{' at position " + i + " is never closed; write {{ for a literal brace");
        }
        String name = pattern.substring(i + 1, close).trim();
        if (name.isEmpty() || !name.matches("[A-Za-z0-9_.\\-]+")) {
          throw new IllegalStateException(
              "'{" + name + "}' at position " + i + " is not a field name; write {{ and }} for literal braces");
        }
        if (literal.length() > 0) {
          parts.add(literal.toString());
          literal.setLength(0);
        }
        parts.add(new Slot(name));
        i = close + 1;
      } else if (c == '}') {
        throw new IllegalStateException("'}' at position " + i + " has no opening '{'; write }} for a literal brace");
      } else {
        literal.append(c);
        i++;
      }
    }
    if (literal.length() > 0) {
      parts.add(literal.toString());
    }
    return parts;
  }
}
