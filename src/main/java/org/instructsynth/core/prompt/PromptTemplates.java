package org.instructsynth.core.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.instructsynth.core.UserError;

/**
 * Loads the shipped prompt templates from the classpath ({@code /prompts/<name>.txt}), or from an
 * override directory given in the config: a file {@code <dir>/<name>.txt} there replaces the
 * shipped one; names without a file there fall back to the classpath. Files are UTF-8; Windows
 * line endings are normalised to {@code \n} so a template edited on Windows renders the same prompt,
 * and one final line break of the file is not part of the template (editors add it; prompts such as
 * Self-Instruct's, which end in {@code "9."}, must not have it). A template that needs a trailing
 * line break ends its file with an empty line.
 */
public final class PromptTemplates implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Self-Instruct instruction generation (bootstrap_instructions.py {@code encode_prompt}). */
  public static final String SELF_INSTRUCT_INSTRUCTIONS = "self-instruct-instructions";
  /** Self-Instruct instruction generation with classification seeds only. */
  public static final String SELF_INSTRUCT_INSTRUCTIONS_CLF = "self-instruct-instructions-clf";
  /** Self-Instruct classification-task identification (templates/clf_task_template.py). */
  public static final String SELF_INSTRUCT_CLF_CHECK = "self-instruct-clf-check";
  /** Output-first instance generation for classification tasks (templates/instance_gen_template.py). */
  public static final String SELF_INSTRUCT_INSTANCES_OUTPUT_FIRST = "self-instruct-instances-output-first";
  /** Input-first instance generation for other tasks (templates/instance_gen_template.py). */
  public static final String SELF_INSTRUCT_INSTANCES_INPUT_FIRST = "self-instruct-instances-input-first";
  /** Alpaca instruction generation (stanford_alpaca prompt.txt plus generate_instruction.py). */
  public static final String ALPACA_INSTRUCTIONS = "alpaca-instructions";
  /** SELF-GUIDE input generation for generation tasks. */
  public static final String SELF_GUIDE_INPUT = "self-guide-input";
  /** SELF-GUIDE input generation conditioned on a target label (classification tasks). */
  public static final String SELF_GUIDE_INPUT_CLF = "self-guide-input-clf";
  /** SELF-GUIDE output generation: the system turn carrying the instruction. */
  public static final String SELF_GUIDE_OUTPUT_SYSTEM = "self-guide-output-system";
  /** SELF-GUIDE output generation: the paper's one-text annotation prompt ({@code USER:} / {@code ASSISTANT:} lines). */
  public static final String SELF_GUIDE_OUTPUT = "self-guide-output";
  /** Alpaca prompt with an input (stanford_alpaca train.py PROMPT_DICT prompt_input). */
  public static final String DISTILL_TEACHER_INPUT = "distill-teacher-input";
  /** Alpaca prompt without an input (stanford_alpaca train.py PROMPT_DICT prompt_no_input). */
  public static final String DISTILL_TEACHER_NO_INPUT = "distill-teacher-no-input";
  /** Translation of an instruction and its input. */
  public static final String DISTILL_TRANSLATE = "distill-translate";
  /** Translation of an instruction without input. */
  public static final String DISTILL_TRANSLATE_NO_INPUT = "distill-translate-no-input";
  /** Judge rubric scoring one answer from 1 to 10. */
  public static final String DISTILL_JUDGE = "distill-judge";
  /** Judge rubric scoring every candidate answer of one instruction, 1 to 10 each, in one request. */
  public static final String DISTILL_JUDGE_ALL = "distill-judge-all";

  /** Every shipped template name. */
  public static final List<String> NAMES =
      List.of(
          SELF_INSTRUCT_INSTRUCTIONS,
          SELF_INSTRUCT_INSTRUCTIONS_CLF,
          SELF_INSTRUCT_CLF_CHECK,
          SELF_INSTRUCT_INSTANCES_OUTPUT_FIRST,
          SELF_INSTRUCT_INSTANCES_INPUT_FIRST,
          ALPACA_INSTRUCTIONS,
          SELF_GUIDE_INPUT,
          SELF_GUIDE_INPUT_CLF,
          SELF_GUIDE_OUTPUT_SYSTEM,
          SELF_GUIDE_OUTPUT,
          DISTILL_TEACHER_INPUT,
          DISTILL_TEACHER_NO_INPUT,
          DISTILL_TRANSLATE,
          DISTILL_TRANSLATE_NO_INPUT,
          DISTILL_JUDGE,
          DISTILL_JUDGE_ALL);

  /** The slots each template must have, exactly: the builders pass these values and no others. */
  public static final Map<String, Set<String>> EXPECTED_SLOTS =
      Map.ofEntries(
          Map.entry(SELF_INSTRUCT_INSTRUCTIONS, Set.of("instructions", "next_number")),
          Map.entry(SELF_INSTRUCT_INSTRUCTIONS_CLF, Set.of("instructions", "next_number")),
          Map.entry(SELF_INSTRUCT_CLF_CHECK, Set.of("instruction")),
          Map.entry(SELF_INSTRUCT_INSTANCES_OUTPUT_FIRST, Set.of("instruction")),
          Map.entry(SELF_INSTRUCT_INSTANCES_INPUT_FIRST, Set.of("instruction")),
          Map.entry(ALPACA_INSTRUCTIONS, Set.of("num_tasks", "examples", "next_number")),
          Map.entry(SELF_GUIDE_INPUT, Set.of("instruction", "high_quality_inputs", "low_quality_inputs")),
          Map.entry(
              SELF_GUIDE_INPUT_CLF, Set.of("instruction", "high_quality_inputs", "low_quality_inputs", "target_label")),
          Map.entry(SELF_GUIDE_OUTPUT_SYSTEM, Set.of("instruction")),
          Map.entry(SELF_GUIDE_OUTPUT, Set.of("instruction", "examples", "new_input")),
          Map.entry(DISTILL_TEACHER_INPUT, Set.of("instruction", "input")),
          Map.entry(DISTILL_TEACHER_NO_INPUT, Set.of("instruction")),
          Map.entry(DISTILL_TRANSLATE, Set.of("language", "instruction", "input")),
          Map.entry(DISTILL_TRANSLATE_NO_INPUT, Set.of("language", "instruction")),
          Map.entry(DISTILL_JUDGE, Set.of("request", "answer")),
          Map.entry(DISTILL_JUDGE_ALL, Set.of("count", "request", "answers")));

  private static final String CLASSPATH_DIR = "/prompts/";

  private final String overrideDir;

  private PromptTemplates(String overrideDir) {
    this.overrideDir = overrideDir;
  }

  /** Templates shipped on the classpath only. */
  public static PromptTemplates classpath() {
    return new PromptTemplates(null);
  }

  /**
   * Templates from {@code dir} where a file exists there, else from the classpath.
   *
   * @throws IllegalArgumentException if {@code dir} is not a directory
   */
  public static PromptTemplates withOverrides(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw UserError.config(
          "prompt override directory '" + dir.toAbsolutePath() + "' does not exist or is not a directory");
    }
    return new PromptTemplates(dir.toAbsolutePath().toString());
  }

  /** The override directory, if any. */
  public Optional<Path> overrideDir() {
    return Optional.ofNullable(overrideDir).map(Path::of);
  }

  /**
   * Loads and compiles the template called {@code name}.
   *
   * @throws IllegalArgumentException if no such template exists or it does not compile
   */
  public Template template(String name) {
    return Template.compile(name, text(name));
  }

  /**
   * Compiles every template (overrides included) and checks its slots against
   * {@link #EXPECTED_SLOTS}, so a broken override fails at startup rather than inside a task.
   *
   * @throws IllegalArgumentException listing every problem at once
   */
  public void validate() {
    List<String> problems = new ArrayList<>();
    for (String name : NAMES) {
      try {
        Template t = template(name);
        Set<String> expected = EXPECTED_SLOTS.get(name);
        if (!t.slots().equals(expected)) {
          problems.add(
              "template '" + name + "' has slots " + new TreeSet<>(t.slots()) + ", expected "
                  + new TreeSet<>(expected));
        }
      } catch (UserError | UncheckedIOException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw UserError.config(
          "invalid prompt templates" + overrideDir().map(d -> " (override directory " + d + ")").orElse("") + ":\n  "
              + String.join("\n  ", problems));
    }
  }

  /** The raw text of the template {@code name}, line endings normalised to {@code \n}. */
  public String text(String name) {
    if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.contains("..")) {
      throw new IllegalArgumentException("invalid prompt template name '" + name + "'");
    }
    String file = name + ".txt";
    if (overrideDir != null) {
      Path p = Path.of(overrideDir, file);
      if (Files.isRegularFile(p)) {
        try {
          return normalise(Files.readString(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read prompt template '" + p + "'", e);
        }
      }
    }
    try (InputStream in = PromptTemplates.class.getResourceAsStream(CLASSPATH_DIR + file)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "no prompt template '" + name + "' (looked for classpath " + CLASSPATH_DIR + file
                + (overrideDir == null ? "" : " and " + Path.of(overrideDir, file))
                + "); shipped names are " + NAMES);
      }
      return normalise(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read classpath prompt template " + CLASSPATH_DIR + file, e);
    }
  }

  static String normalise(String text) {
    String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
    t = t.replace("\r\n", "\n").replace('\r', '\n');
    return t.endsWith("\n") ? t.substring(0, t.length() - 1) : t;
  }
}
