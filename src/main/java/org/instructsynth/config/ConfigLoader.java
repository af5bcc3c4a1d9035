package org.instructsynth.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.instructsynth.core.filter.EmptyFieldFilter;
import org.instructsynth.core.filter.FilterChain;
import org.instructsynth.core.filter.FilterSettings;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.Secrets;

/**
 * Loads a recipe YAML file, applies {@code --set a.b=c} overrides, and maps the result onto
 * {@link JobConfig}. Precedence: built-in defaults, then the file, then the overrides in the order
 * given. Every problem (unknown key, wrong type, value out of range, missing file) is collected and
 * reported in one {@link ConfigException}.
 */
public final class ConfigLoader {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(api-?key|secret|password|token)$");
  private static final List<String> FORMATS_IN = List.of("auto", "jsonl", "json", "parquet",
      org.instructsynth.core.io.UnnaturalInstructions.CORE, org.instructsynth.core.io.UnnaturalInstructions.FULL);
  private static final List<String> FORMATS_OUT = List.of("parquet", "jsonl", "iceberg", "delta");

  private ConfigLoader() {}

  /** Loads {@code file} with the overrides ({@code key.path=value}) applied. */
  public static JobConfig load(Path file, List<String> overrides) {
    String source = "'" + file + "'";
    JsonNode tree;
    try {
      tree = YAML.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          source, List.of("the file does not exist; pass the path of a recipe YAML such as conf/curate.yaml"));
    } catch (IOException e) {
      throw new ConfigException(source, List.of("cannot be read as YAML: " + firstLine(e.getMessage())));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      tree = JsonNodeFactory.instance.objectNode();
    }
    if (!tree.isObject()) {
      throw new ConfigException(source, List.of("the top level must be a mapping of keys"));
    }
    ObjectNode root = (ObjectNode) tree;
    List<String> problems = new ArrayList<>();
    for (String override : overrides) {
      applyOverride(root, override, problems);
    }
    return bind(root, source, problems);
  }

  /** Maps an already parsed tree; used by {@link #load} and by tests. */
  public static JobConfig bind(ObjectNode root, String source) {
    return bind(root, source, List.of());
  }

  /**
   * Maps {@code root}, reporting {@code earlierProblems} (malformed overrides) together with every
   * problem of the tree in one {@link ConfigException}.
   */
  private static JobConfig bind(ObjectNode root, String source, List<String> earlierProblems) {
    ConfigReader r = ConfigReader.root(root, earlierProblems);
    String recipe = r.oneOf("recipe", null, JobConfig.RECIPES);
    if (recipe == null && !root.has("recipe")) {
      r.problem("recipe", "is required; one of " + JobConfig.RECIPES);
    }

    ConfigReader run = r.section("run");
    LocalDate date = runDate(run);
    RunConfig runConfig =
        new RunConfig(date, run.string("id", ""), run.longValue("seed", 42L, Long.MIN_VALUE, Long.MAX_VALUE),
            run.bool("plan", false), positive(run, "lock-stale-after", RunConfig.DEFAULT_LOCK_STALE_AFTER),
            LlmConfig.duration(run, "wait-lock", java.time.Duration.ZERO), run.bool("retry-failed", false));

    ConfigReader in = r.section("input");
    boolean needsInput = recipe != null && List.of("curate", "self-instruct", "self-guide", "distill").contains(recipe);
    List<String> paths = in.stringList("path", List.of());
    if (needsInput && paths.isEmpty()) {
      in.problem("path", "is required for recipe '" + recipe + "'; set it in the file or with --set input.path=FILE");
    }
    InputConfig input =
        new InputConfig(
            in.oneOf("kind", "instructions", List.of("instructions", "seed-tasks")),
            paths,
            in.oneOf("format", "auto", FORMATS_IN),
            in.stringMap("fields", Map.of()),
            in.integer("max-record-bytes", 1 << 20, 64, Integer.MAX_VALUE),
            in.string("task-name", "instructions"),
            in.string("cluster", "general"),
            in.string("language", "en"));
    if (org.instructsynth.core.io.UnnaturalInstructions.isFormat(input.format()) && recipe != null
        && !List.of("distill", "curate").contains(recipe)) {
      in.problem("format", "'" + input.format() + "' is an instruction set, read by recipes distill and curate only; recipe '"
          + recipe + "' reads " + ("templatize".equals(recipe) ? "templatize.datasets" : "seed tasks (jsonl)"));
    }
    for (String key : input.fields().keySet()) {
      if (!List.of("instruction", "input", "output", "id").contains(key)) {
        in.problem("fields." + key, "is not a field of an instruction set; map instruction, input, output or id");
      }
    }

    ConfigReader out = r.section("output");
    OutputConfig output =
        new OutputConfig(
            out.requiredString("path", "set the output directory, e.g. --set output.path=out/" + recipe),
            out.oneOf("format", "parquet", FORMATS_OUT),
            out.integer("max-raw-chars", 2000, 16, 1 << 20),
            out.string("catalog", ""),
            out.string("namespace", "instruct_synth"),
            out.integer("keep-versions", 2, 1, 100));
    String runtime = OutputConfig.missingRuntime(output.format());
    if (runtime != null) {
      out.problem("format", "'" + output.format() + "' " + runtime);
    }
    if (!output.catalog().isBlank() && !"iceberg".equals(output.format())) {
      out.problem("catalog", "is only used with output.format: iceberg (found format '" + output.format()
          + "'); remove it or set output.format=iceberg");
    }

    FilterSettings filters = filters(r.section("filters"), recipe);

    DedupConfig dedup = DedupConfig.read(r.section("dedup"), recipe);

    ConfigReader s = r.section("split");
    SplitConfig split =
        new SplitConfig(
            s.longValue("seed", 42L, Long.MIN_VALUE, Long.MAX_VALUE),
            s.dbl("eval-fraction", 0.1, 0.0, 1.0),
            s.integer("min-eval-per-task", 1, 0, 1_000_000),
            s.stringList("holdout-clusters", List.of()));

    TemplatizeConfig templatize = null;
    if ("templatize".equals(recipe)) {
      templatize = TemplatizeConfig.read(r.section("templatize"));
    } else if (root.has("templatize")) {
      r.problem("templatize", "applies to recipe 'templatize' only, but this recipe is '" + recipe + "'; remove the section");
    }

    SelfInstructConfig selfInstruct = null;
    if ("self-instruct".equals(recipe)) {
      selfInstruct = SelfInstructConfig.read(r.section("self-instruct"));
    } else if (root.has("self-instruct")) {
      r.problem("self-instruct", "applies to recipe 'self-instruct' only, but this recipe is '" + recipe + "'; remove the section");
    }

    DistillConfig distill = null;
    if ("distill".equals(recipe)) {
      distill = DistillConfig.read(r.section("distill"));
    } else if (root.has("distill")) {
      r.problem("distill", "applies to recipe 'distill' only, but this recipe is '" + recipe + "'; remove the section");
    }

    SelfGuideConfig selfGuide = null;
    if ("self-guide".equals(recipe)) {
      selfGuide = SelfGuideConfig.read(r.section("self-guide"));
    } else if (root.has("self-guide")) {
      r.problem("self-guide", "applies to recipe 'self-guide' only, but this recipe is '" + recipe + "'; remove the section");
    }

    LlmSettings llm = null;
    if (recipe != null && JobConfig.LLM_RECIPES.contains(recipe)) {
      llm = LlmConfig.read(r.section("llm"));
    } else if (root.has("llm")) {
      r.problem("llm", "recipe '" + recipe + "' makes no LLM calls; remove the section");
    }

    ConfigReader rep = r.section("report");
    ReportConfig report = new ReportConfig(
        rep.bool("compare-previous", true),
        rep.dbl("max-relative-change", 0.5, 0.0, 1e6),
        rep.dbl("max-ratio-change", 0.1, 0.0, 1.0),
        rep.bool("fail-on-drift", false));
    ExportConfig export = ExportConfig.read(r.section("export"), recipe, distill);
    LoggingConfig logging = new LoggingConfig(r.section("logging").oneOf("format", LoggingConfig.TEXT, LoggingConfig.FORMATS));
    String promptsDir = PromptsConfig.dir(r.section("prompts"));

    r.finish(source);
    return new JobConfig(
        recipe, runConfig, input, output, filters, dedup, split, templatize, llm, selfInstruct, distill, selfGuide,
        report, export, logging, promptsDir, redact(r.resolved()));
  }


  /**
   * {@code filters.*}. For {@code distill} every rule but {@code empty-field} is disabled unless the
   * configuration names {@code disabled-rules}: a teacher answering a given instruction set does not
   * filter it (GPT-4-LLM answered all of Alpaca's 52K; docs/PARITY.md), but an empty instruction is
   * not worth a call and an empty answer is no example. For {@code self-guide} and {@code self-instruct}
   * the chain is off unless {@code filters.enabled} turns it on: SELF-GUIDE has no such filters, and
   * Self-Instruct and Alpaca filter with their own rules only (post-filter, instance-filter; docs/PARITY.md).
   */
  private static FilterSettings filters(ConfigReader f, String recipe) {
    FilterSettings defaults = FilterSettings.defaults();
    if ("distill".equals(recipe)) {
      defaults = defaults.withDisabledRules(FilterChain.RULE_NAMES.stream().filter(r -> !r.equals(EmptyFieldFilter.NAME)).toList());
    }
    boolean enabled = f.bool("enabled", defaults.enabled() && !"self-guide".equals(recipe) && !"self-instruct".equals(recipe));
    int minWords = f.integer("min-words", defaults.minWords(), 0, 100_000);
    int maxWords = f.integer("max-words", defaults.maxWords(), 0, 1_000_000);
    String blocklist = f.oneOf("blocklist", defaults.blocklist(), List.of("self-instruct", "alpaca", "none"));
    List<String> extra = f.stringList("extra-blocklist", defaults.extraBlocklist());
    List<String> chatter = f.stringList("chatter-phrases", defaults.chatterPhrases());
    boolean chatterInInstruction = f.bool("chatter-check-instruction", defaults.chatterCheckInstruction());
    List<String> required = f.stringList("required-fields", defaults.requiredFields());
    List<String> disabled = f.stringList("disabled-rules", defaults.disabledRules());
    for (String rule : disabled) {
      if (!FilterChain.RULE_NAMES.contains(rule)) {
        f.problem("disabled-rules", "'" + rule + "' is not a filter rule"
            + ConfigReader.suggestion(rule, FilterChain.RULE_NAMES)
            + " Rules: " + String.join(", ", FilterChain.RULE_NAMES) + ".");
      }
    }
    for (String field : required) {
      if (!List.of("instruction", "input", "output").contains(field)) {
        f.problem("required-fields", "'" + field + "' is not a field; use instruction, input or output");
      }
    }
    if (maxWords < minWords) {
      f.problem("max-words", "must be at least min-words (" + minWords + "), found " + maxWords);
    }
    return new FilterSettings(
        enabled, minWords, maxWords, blocklist, extra, chatter, chatterInInstruction, required, disabled);
  }

  private static java.time.Duration positive(ConfigReader r, String key, java.time.Duration defaultValue) {
    java.time.Duration d = LlmConfig.duration(r, key, defaultValue);
    if (d.compareTo(java.time.Duration.ofSeconds(1)) < 0) {
      r.problem(key, "must be at least 1s, found " + LlmConfig.format(d));
      return defaultValue;
    }
    return d;
  }

  private static LocalDate runDate(ConfigReader run) {
    String text = run.string("date", "today");
    if (text.equalsIgnoreCase("today")) {
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      run.resolve("date", today.toString());
      return today;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      run.problem("date", "must be 'today' or a date like 2026-11-21, found '" + text + "'");
      return LocalDate.now(ZoneOffset.UTC);
    }
  }

  /**
   * Applies one {@code a.b.c=value} override. The value is parsed as YAML, so numbers, booleans and
   * lists ({@code [a, b]}) keep their type; anything that does not parse is taken as text.
   */
  static void applyOverride(ObjectNode root, String override, List<String> problems) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      problems.add("--set " + override + ": expected key.path=value, for example --set split.eval-fraction=0.2");
      return;
    }
    String key = override.substring(0, eq).trim();
    String text = override.substring(eq + 1);
    String[] parts = key.split("\\.");
    ObjectNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      if (child == null || child.isNull()) {
        node = node.putObject(parts[i]);
      } else if (child.isObject()) {
        node = (ObjectNode) child;
      } else {
        problems.add("--set " + key + ": '" + String.join(".", java.util.Arrays.copyOf(parts, i + 1))
            + "' is a value, not a section, so it has no key '" + parts[i + 1] + "'");
        return;
      }
    }
    node.set(parts[parts.length - 1], parseValue(text));
  }

  private static JsonNode parseValue(String text) {
    if (text.isEmpty()) {
      return TextNode.valueOf("");
    }
    try {
      JsonNode parsed = YAML.readTree(text);
      if (parsed == null || parsed.isMissingNode() || parsed.isObject() && !text.trim().startsWith("{")) {
        return TextNode.valueOf(text);
      }
      return parsed;
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(text);
    }
  }

  /**
   * Replaces the value of every key that looks like a secret (never an {@code -env} name) with ***,
   * and passes every other text value through {@link Secrets#redact(String)} (URL userinfo, bearer
   * credentials, key-like tokens).
   */
  static ObjectNode redact(ObjectNode node) {
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    List<String> secretKeys = new ArrayList<>();
    Map<String, String> cleaned = new java.util.LinkedHashMap<>();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (e.getValue().isObject()) {
        redact((ObjectNode) e.getValue());
      } else if (e.getValue().isArray()) {
        e.getValue().forEach(item -> {
          if (item.isObject()) {
            redact((ObjectNode) item);
          }
        });
      } else if (!k.endsWith("-env") && SECRET_KEY.matcher(k).matches()) {
        secretKeys.add(e.getKey());
      } else if (e.getValue().isTextual() && !e.getValue().asText().equals(Secrets.redact(e.getValue().asText()))) {
        cleaned.put(e.getKey(), Secrets.redact(e.getValue().asText()));
      }
    }
    secretKeys.forEach(k -> node.put(k, "***"));
    cleaned.forEach(node::put);
    return node;
  }

  /** Renders a resolved configuration as YAML. */
  public static String toYaml(ObjectNode resolved) {
    try {
      return YAML.writeValueAsString(resolved);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the resolved configuration as YAML", e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
