package org.instructsynth.core.prompt;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.instructsynth.core.UserError;

/**
 * A prompt template with {@code {name}} slots.
 *
 * <p>Syntax: a slot is {@code {} followed by a name ({@code [A-Za-z_][A-Za-z0-9_]*}) and {@code }}.
 * A literal brace is written twice: {@code {{} renders {@code {} and {@code }}} renders {@code }}.
 * Any other brace is a syntax error reported when the template is compiled, with its offset.
 * Rendering needs a value for every slot and rejects values for names the template does not have,
 * so a misspelt slot fails loudly instead of producing a prompt with a hole in it.
 */
public final class Template implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final String source;
  /** Literal text and slot names alternate: even indices are literals, odd indices are slot names. */
  private final List<String> parts;

  private final Set<String> slots;

  private Template(String name, String source, List<String> parts) {
    this.name = name;
    this.source = source;
    this.parts = List.copyOf(parts);
    Set<String> names = new LinkedHashSet<>();
    for (int i = 1; i < parts.size(); i += 2) {
      names.add(parts.get(i));
    }
    this.slots = Collections.unmodifiableSet(names);
  }

  /**
   * Compiles {@code source}; {@code name} only labels error messages.
   *
   * @throws IllegalArgumentException on an unescaped or unterminated brace, or an invalid slot name
   */
  public static Template compile(String name, String source) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    List<String> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (c == '{') {
        if (i + 1 < n && source.charAt(i + 1) == '{') {
          literal.append('{');
          i += 2;
          continue;
        }
        int close = source.indexOf('}', i + 1);
        if (close < 0) {
          throw UserError.config(
              "template '" + name + "': unterminated '{' at offset " + i + " (write '{{' for a literal brace)");
        }
        String slot = source.substring(i + 1, close);
        if (!isSlotName(slot)) {
          throw UserError.config(
              "template '" + name + "': invalid slot name '" + slot + "' at offset " + i
                  + " (slot names match [A-Za-z_][A-Za-z0-9_]*; write '{{' for a literal brace)");
        }
        parts.add(literal.toString());
        literal.setLength(0);
        parts.add(slot);
        i = close + 1;
      } else if (c == '}') {
        if (i + 1 < n && source.charAt(i + 1) == '}') {
          literal.append('}');
          i += 2;
          continue;
        }
        throw UserError.config(
            "template '" + name + "': unmatched '}' at offset " + i + " (write '}}' for a literal brace)");
      } else {
        literal.append(c);
        i++;
      }
    }
    parts.add(literal.toString());
    return new Template(name, source, parts);
  }

  private static boolean isSlotName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    char first = s.charAt(0);
    if (!(first == '_' || (first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z'))) {
      return false;
    }
    for (int k = 1; k < s.length(); k++) {
      char c = s.charAt(k);
      boolean ok = c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  public String name() {
    return name;
  }

  public String source() {
    return source;
  }

  /** The slot names in order of first appearance. */
  public Set<String> slots() {
    return slots;
  }

  /**
   * Fills every slot. Values are inserted verbatim (braces in values are not interpreted).
   *
   * @throws IllegalArgumentException if a slot has no value or a value names no slot
   */
  public String render(Map<String, String> values) {
    Objects.requireNonNull(values, "values");
    Set<String> missing = new TreeSet<>();
    for (String slot : slots) {
      if (values.get(slot) == null) {
        missing.add(slot);
      }
    }
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(slots);
    if (!missing.isEmpty() || !unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "template '" + name + "' has slots " + slots + "; missing values for " + missing
              + ", values for unknown slots " + unknown);
    }
    StringBuilder out = new StringBuilder(source.length() + 256);
    for (int k = 0; k < parts.size(); k++) {
      out.append(k % 2 == 0 ? parts.get(k) : values.get(parts.get(k)));
    }
    return out.toString();
  }

  /**
   * Fills every slot from {@code fields}, which may hold more names than the template uses (a
   * labelled row rendered by a FLAN template).
   *
   * @throws MissingSlotException naming the first slot without a value
   */
  public String renderFrom(Map<String, String> fields) {
    StringBuilder out = new StringBuilder(source.length() + 256);
    for (int k = 0; k < parts.size(); k++) {
      if (k % 2 == 0) {
        out.append(parts.get(k));
      } else {
        String v = fields.get(parts.get(k));
        if (v == null) {
          throw new MissingSlotException(parts.get(k));
        }
        out.append(v);
      }
    }
    return out.toString();
  }

  /** A slot had no value; {@link #slot()} names it. */
  public static final class MissingSlotException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String slot;

    public MissingSlotException(String slot) {
      super("no value for slot {" + slot + "}");
      this.slot = slot;
    }

    public String slot() {
      return slot;
    }
  }

  @Override
  public String toString() {
    return "Template[" + name + ", slots=" + slots + "]";
  }
}
