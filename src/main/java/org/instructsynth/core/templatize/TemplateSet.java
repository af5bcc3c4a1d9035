package org.instructsynth.core.templatize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.instructsynth.core.UserError;

/**
 * The templates of one dataset, read from YAML:
 *
 * <pre>
 * templates:
 *   - id: gec-01
 *     input: "Fix the grammar in this sentence:\n\n{source}"
 *     target: "{target}"
 *   - id: gec-09
 *     instruction: "Introduce grammar mistakes into the sentence."
 *     input: "{target}"
 *     target: "{source}"
 *     turned_around: true
 * </pre>
 */
public record TemplateSet(String name, List<Template> templates) implements Serializable {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> KEYS = Set.of("id", "instruction", "input", "target", "turned_around");

  public TemplateSet {
    templates = List.copyOf(templates);
  }

  /**
   * Parses a template file's text; every problem is collected and thrown at once.
   *
   * @throws IllegalArgumentException listing every problem, one per line
   */
  public static TemplateSet parse(String name, String yaml) {
    List<String> problems = new ArrayList<>();
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw UserError.config(name + ": not valid YAML: " + e.getMessage());
    }
    JsonNode list = root == null ? null : root.get("templates");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw UserError.config(name + ": expected a top-level 'templates:' list with at least one template");
    }
    List<Template> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode t = list.get(i);
      String where = name + ": templates[" + i + "]";
      if (!t.isObject()) {
        problems.add(where + " must be a mapping with id, input and target");
        continue;
      }
      Iterator<String> keys = t.fieldNames();
      while (keys.hasNext()) {
        String k = keys.next();
        if (!KEYS.contains(k)) {
          problems.add(where + "." + k + " is not a template key; use " + String.join(", ", KEYS.stream().sorted().toList()));
        }
      }
      String id = t.path("id").asText("");
      if (id.isBlank()) {
        id = String.format(Locale.ROOT, "%s-%02d", name, i + 1);
      }
      if (!ids.add(id)) {
        problems.add(where + ".id '" + id + "' is used twice; template ids must be unique");
      }
      String instruction = t.path("instruction").asText("");
      String input = t.path("input").asText("");
      String target = t.path("target").asText("");
      if (input.isBlank() && instruction.isBlank()) {
        problems.add(where + " has no input pattern");
      }
      if (target.isBlank()) {
        problems.add(where + " has no target pattern");
      }
      for (String[] p : new String[][] {{"instruction", instruction}, {"input", input}, {"target", target}}) {
        String err = Template.syntaxError(p[1]);
        if (err != null) {
          problems.add(where + "." + p[0] + ": " + err);
        }
      }
      out.add(new Template(id, instruction, input, target, t.path("turned_around").asBoolean(false)));
    }
    if (!problems.isEmpty()) {
      throw UserError.config(String.join("\n", problems));
    }
    return new TemplateSet(name, out);
  }
}
