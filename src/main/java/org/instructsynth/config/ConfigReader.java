package org.instructsynth.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads typed values out of a YAML tree while recording every key it was asked for, so that whatever
 * is left over can be reported as unknown, with the closest valid key. Problems are collected, never
 * thrown one by one: {@link #finish()} throws one {@link ConfigException} listing all of them.
 *
 * <p>Keys are kebab-case. A missing key takes the default the caller passes. Every value read, given
 * or defaulted, is also recorded in {@link #resolved()}, which is what a run writes as its resolved
 * configuration.
 */
public final class ConfigReader {
  private final JsonNode node;
  private final String path;
  private final Problems problems;
  private final Set<String> known = new LinkedHashSet<>();
  private final List<ConfigReader> children = new ArrayList<>();
  private final ObjectNode resolved;

  private ConfigReader(JsonNode node, String path, Problems problems, ObjectNode resolved) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    this.resolved = resolved;
  }

  public static ConfigReader root(JsonNode node) {
    return new ConfigReader(node, "", new Problems(), JsonNodeFactory.instance.objectNode());
  }

  /**
   * A root reader that starts with problems found before binding (malformed {@code --set} overrides),
   * so that they are reported together with every problem of the file.
   */
  static ConfigReader root(JsonNode node, List<String> earlierProblems) {
    ConfigReader reader = root(node);
    reader.problems.list.addAll(earlierProblems);
    return reader;
  }

  /** The configuration as read, defaults filled in. Callers redact secrets before writing it. */
  public ObjectNode resolved() {
    return resolved;
  }

  /** A nested section; an absent section reads as empty (all defaults). */
  public ConfigReader section(String key) {
    known.add(key);
    JsonNode child = node == null ? null : node.get(key);
    if (child != null && !child.isNull() && !child.isObject()) {
      problems.add(keyPath(key), "must be a mapping of keys, found " + describe(child));
      child = null;
    }
    ConfigReader reader = new ConfigReader(child, keyPath(key), problems, resolved.putObject(key));
    children.add(reader);
    return reader;
  }

  /** Readers for a list of mappings, such as {@code templatize.datasets}. */
  public List<ConfigReader> sectionList(String key) {
    known.add(key);
    JsonNode child = node == null ? null : node.get(key);
    List<ConfigReader> out = new ArrayList<>();
    ArrayNode resolvedList = resolved.putArray(key);
    if (child == null || child.isNull()) {
      return out;
    }
    if (!child.isArray()) {
      problems.add(keyPath(key), "must be a list of mappings, found " + describe(child));
      return out;
    }
    for (int i = 0; i < child.size(); i++) {
      JsonNode item = child.get(i);
      String itemPath = keyPath(key) + "[" + i + "]";
      if (!item.isObject()) {
        problems.add(itemPath, "must be a mapping of keys, found " + describe(item));
        continue;
      }
      ConfigReader reader = new ConfigReader(item, itemPath, problems, resolvedList.addObject());
      children.add(reader);
      out.add(reader);
    }
    return out;
  }

  /** Whether {@code key} is given (not null); counts as asking for it, so it is a known key here. */
  public boolean has(String key) {
    known.add(key);
    return node != null && node.hasNonNull(key);
  }

  public String string(String key, String defaultValue) {
    String out = readString(key, defaultValue);
    if (out != null) {
      resolved.put(key, out);
    }
    return out;
  }

  private String readString(String key, String defaultValue) {
    JsonNode v = value(key);
    if (v == null) {
      return defaultValue;
    }
    if (!v.isValueNode() || v.isBinary()) {
      problems.add(keyPath(key), "must be a text value, found " + describe(v));
      return defaultValue;
    }
    return v.asText();
  }

  /** A required text value: reports a problem when missing or blank. */
  public String requiredString(String key, String hint) {
    String v = string(key, null);
    if (v == null || v.isBlank()) {
      problems.add(keyPath(key), "is required; " + hint);
      return "";
    }
    return v;
  }

  public String oneOf(String key, String defaultValue, List<String> allowed) {
    String v = readString(key, defaultValue);
    if (v != null && !allowed.contains(v)) {
      problems.add(
          keyPath(key),
          "must be one of " + allowed + ", found '" + v + "'" + suggestion(v, allowed));
      v = defaultValue;
    }
    if (v != null) {
      resolved.put(key, v);
    }
    return v;
  }

  public boolean bool(String key, boolean defaultValue) {
    boolean out = readBool(key, defaultValue);
    resolved.put(key, out);
    return out;
  }

  private boolean readBool(String key, boolean defaultValue) {
    JsonNode v = value(key);
    Boolean parsed = v == null ? null : Values.bool(v, m -> problems.add(keyPath(key), m));
    return parsed == null ? defaultValue : parsed;
  }

  public int integer(String key, int defaultValue, int min, int max) {
    long v = longValue(key, defaultValue, min, max);
    return (int) v;
  }

  public long longValue(String key, long defaultValue, long min, long max) {
    long out = readLong(key, defaultValue, min, max);
    resolved.put(key, out);
    return out;
  }

  private long readLong(String key, long defaultValue, long min, long max) {
    JsonNode v = value(key);
    Long parsed = v == null ? null : Values.whole(v, min, max, m -> problems.add(keyPath(key), m));
    return parsed == null ? defaultValue : parsed;
  }

  /** A number in {@code [min, max]}. */
  public double dbl(String key, double defaultValue, double min, double max) {
    double out = readDouble(key, defaultValue, min, max, false);
    resolved.put(key, out);
    return out;
  }

  /** A number strictly between {@code min} and {@code max}, such as a threshold in (0, 1). */
  public double openDbl(String key, double defaultValue, double min, double max) {
    double out = readDouble(key, defaultValue, min, max, true);
    resolved.put(key, out);
    return out;
  }

  private double readDouble(String key, double defaultValue, double min, double max, boolean open) {
    JsonNode v = value(key);
    Double parsed = v == null ? null : Values.number(v, min, max, open, m -> problems.add(keyPath(key), m));
    return parsed == null ? defaultValue : parsed;
  }

  /** A list of text values; a single scalar is read as a one-element list. */
  public List<String> stringList(String key, List<String> defaultValue) {
    List<String> out = readStringList(key, defaultValue);
    ArrayNode array = resolved.putArray(key);
    if (out != null) {
      out.forEach(array::add);
    }
    return out;
  }

  private List<String> readStringList(String key, List<String> defaultValue) {
    JsonNode v = value(key);
    if (v == null) {
      return defaultValue;
    }
    List<String> out = new ArrayList<>();
    if (v.isArray()) {
      boolean bad = false;
      for (int i = 0; i < v.size(); i++) {
        JsonNode item = v.get(i);
        if (!item.isValueNode()) {
          problems.add(keyPath(key) + "[" + i + "]", "must be a text value (this key is a list of text values), found "
              + describe(item));
          bad = true;
        } else {
          out.add(item.asText());
        }
      }
      return bad ? defaultValue : List.copyOf(out);
    }
    if (v.isValueNode()) {
      String s = v.asText();
      return s.isEmpty() ? List.of() : List.of(s);
    }
    problems.add(keyPath(key), "must be a list of text values, found " + describe(v));
    return defaultValue;
  }

  /** A mapping of text to text, such as extra HTTP headers or field names. */
  public Map<String, String> stringMap(String key, Map<String, String> defaultValue) {
    Map<String, String> out = readStringMap(key, defaultValue);
    ObjectNode map = resolved.putObject(key);
    if (out != null) {
      out.forEach(map::put);
    }
    return out;
  }

  private Map<String, String> readStringMap(String key, Map<String, String> defaultValue) {
    JsonNode v = value(key);
    if (v == null) {
      return defaultValue;
    }
    if (!v.isObject()) {
      problems.add(keyPath(key), "must be a mapping of text values, found " + describe(v));
      return defaultValue;
    }
    Map<String, String> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = v.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isValueNode()) {
        problems.add(keyPath(key) + "." + e.getKey(), "must be a text value, found " + describe(e.getValue()));
        continue;
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  /** A free-form subtree (for example pass-through sampling extras); every key inside is accepted. */
  public JsonNode raw(String key) {
    JsonNode v = value(key);
    if (v != null) {
      resolved.set(key, v.deepCopy());
    }
    return v;
  }

  /** Replaces the resolved value of {@code key}, e.g. "today" by the date it stood for. */
  public void resolve(String key, String value) {
    resolved.put(key, value);
  }

  /** Records a problem found by the caller (for example a cross-field rule). */
  public void problem(String key, String message) {
    problems.add(keyPath(key), message);
  }

  public String path() {
    return path;
  }

  /**
   * Adds an "unknown key" problem for every key nobody asked for (naming the closest valid key), then
   * throws one {@link ConfigException} if anything was wrong. Call once, on the root reader.
   */
  public void finish(String source) {
    collectUnknown();
    if (!problems.list.isEmpty()) {
      throw new ConfigException(source, problems.list);
    }
  }

  private void collectUnknown() {
    if (node != null && node.isObject()) {
      Iterator<String> names = ((ObjectNode) node).fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!known.contains(name)) {
          String where = path.isEmpty() ? "top level" : "'" + path + "'";
          problems.add(
              keyPath(name),
              "is not a known key in " + where + suggestion(name, new ArrayList<>(known))
                  + (known.isEmpty() ? "" : " Valid keys here: " + String.join(", ", known) + "."));
        }
      }
    }
    for (ConfigReader child : children) {
      child.collectUnknown();
    }
  }

  private JsonNode value(String key) {
    known.add(key);
    if (node == null) {
      return null;
    }
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v;
  }

  private String keyPath(String key) {
    if (key.isEmpty()) {
      return path;
    }
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String describe(JsonNode v) {
    return Values.describe(v);
  }

  static String suggestion(String given, List<String> candidates) {
    String best = Suggest.closest(given, candidates);
    return best == null ? "." : "; did you mean '" + best + "'?";
  }

  private static final class Problems {
    final List<String> list = new ArrayList<>();

    void add(String key, String message) {
      list.add(key + ": " + message);
    }
  }
}
