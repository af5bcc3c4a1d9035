package org.instructsynth.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.instructsynth.core.prompt.Reject;
import org.junit.jupiter.api.Test;

/** The registry: every code spelled once, every drop takes its code from it, aliases resolve. */
class ReasonCodesTest {
  private static final Path MAIN = Path.of("src/main/java");
  private static final Path REGISTRY = MAIN.resolve("org/instructsynth/core/filter/ReasonCodes.java");

  /**
   * Literals equal to a code that are not reason codes: the ledger status {@code context_length}
   * (LlmResult, the llm layer's vocabulary, mapped to the reason by LlmCalls) and the report's JSON key.
   */
  /** The report's and the LLM stage's count of context_length failures: a field name, not a reason. */
  private static final Set<String> NOT_REASONS = Set.of(
      "org/instructsynth/llm/LlmResult.java:context_length",
      "org/instructsynth/core/report/Llm.java:context_length",
      "org/instructsynth/pipeline/llm/LlmStage.java:context_length",
      "org/instructsynth/report/LlmSection.java:context_length");

  private static final Pattern LITERAL = Pattern.compile("\"([a-z][a-z0-9]*(?:_[a-z0-9]+)*)\"");
  private static final Pattern DROP_LITERAL =
      Pattern.compile("(?:\\.drop|Verdict\\.drop|new Reject|ReasonCodes\\.require)\\(\\s*\"([^\"]*)\"");

  private static List<Path> sources() throws IOException {
    try (Stream<Path> s = Files.walk(MAIN)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  @Test
  void everyCodeIsSpelledOnlyInTheRegistry() throws IOException {
    Set<String> codes = new HashSet<>(ReasonCodes.all());
    codes.addAll(ReasonCodes.ALIASES.keySet());
    codes.remove("empty"); // also an ordinary word in details ("instruction is empty")
    List<String> strays = new ArrayList<>();
    for (Path p : sources()) {
      if (p.equals(REGISTRY)) {
        continue;
      }
      String rel = MAIN.relativize(p).toString().replace('\\', '/');
      Matcher m = LITERAL.matcher(Files.readString(p));
      while (m.find()) {
        if (codes.contains(m.group(1)) && !NOT_REASONS.contains(rel + ":" + m.group(1))) {
          strays.add(rel + ": \"" + m.group(1) + "\"");
        }
      }
    }
    assertThat(strays).as("reason codes written outside ReasonCodes; use the constant").isEmpty();
  }

  @Test
  void everyLiteralDropUsesARegisteredCode() throws IOException {
    List<String> unknown = new ArrayList<>();
    int literals = 0;
    for (Path p : sources()) {
      Matcher m = DROP_LITERAL.matcher(Files.readString(p));
      while (m.find()) {
        literals++;
        if (!ReasonCodes.isCode(m.group(1))) {
          unknown.add(MAIN.relativize(p) + ": \"" + m.group(1) + "\"");
        }
      }
    }
    // Spark's Dataset.drop("column") is the only literal drop left in src/main; it names columns, not reasons
    assertThat(unknown).allMatch(u -> u.contains("run_date") || u.contains("_rank") || u.contains("key_where")
        || u.contains("rouge_l_max") || u.contains("_task"));
    assertThat(literals).isPositive();
  }

  @Test
  void verdictsAndRejectsRefuseUnknownCodes() {
    assertThatThrownBy(() -> Verdict.drop("made_up", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reason code 'made_up' is not in ReasonCodes; add it there (and to docs/rules.md)");
    assertThatThrownBy(() -> new Reject("blacklisted_keyword", "", "")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Verdict.drop(ReasonCodes.BLOCKLISTED_KEYWORD, "x").reason()).isEqualTo("blocklisted_keyword");
  }

  @Test
  void codesAreUniqueSnakeCaseAndEveryRuleEmitsRegisteredCodes() {
    List<String> all = ReasonCodes.all();
    assertThat(all).doesNotHaveDuplicates().allMatch(c -> c.matches("[a-z][a-z0-9]*(_[a-z0-9]+)*"));
    assertThat(all).hasSizeGreaterThan(30);
    for (ExampleFilter f : RuleSets.curateDefault().filters()) {
      assertThat(all).containsAll(f.reasons());
    }
  }

  @Test
  void aliasesResolveToCurrentCodesOnly() {
    assertThat(ReasonCodes.ALIASES).containsExactly(
        Map.entry("blacklisted_keyword", List.of("blocklisted_keyword")),
        Map.entry("write_a_program", List.of("starts_with_write_a_program")),
        Map.entry("input_equals_output", List.of("output_equals_input")),
        Map.entry("empty", List.of("empty_instruction", "empty_input", "empty_output")),
        Map.entry("over_mixing_cap", List.of("not_sampled")));
    for (Map.Entry<String, List<String>> e : ReasonCodes.ALIASES.entrySet()) {
      assertThat(ReasonCodes.isCode(e.getKey())).as("an alias is never written").isFalse();
      assertThat(ReasonCodes.all()).containsAll(e.getValue());
    }
    assertThat(ReasonCodes.canonical("blacklisted_keyword")).containsExactly("blocklisted_keyword");
    assertThat(ReasonCodes.canonical("write_a_program")).containsExactly("starts_with_write_a_program");
    assertThat(ReasonCodes.canonical("near_duplicate")).containsExactly("near_duplicate");
    assertThat(ReasonCodes.canonical("no_such_code")).isEmpty();
  }

  @Test
  void aQueryByTheOldCodeFindsOldAndNewRows() {
    assertThat(ReasonCodes.matches("blocklisted_keyword", "blacklisted_keyword")).isTrue();
    assertThat(ReasonCodes.matches("blacklisted_keyword", "blacklisted_keyword")).isTrue();
    assertThat(ReasonCodes.matches("blacklisted_keyword", "blocklisted_keyword")).isTrue();
    assertThat(ReasonCodes.matches("starts_with_write_a_program", "write_a_program")).isTrue();
    assertThat(ReasonCodes.matches("output_equals_input", "input_equals_output")).isTrue();
    assertThat(ReasonCodes.matches("empty_input", "empty")).isTrue();
    assertThat(ReasonCodes.matches("empty", "empty_output")).isTrue();
    assertThat(ReasonCodes.matches("empty_input", "empty_output")).isFalse();
    assertThat(ReasonCodes.matches("not_sampled", "over_mixing_cap")).isTrue();
    assertThat(ReasonCodes.matches("near_duplicate", "exact_duplicate")).isFalse();
    assertThat(ReasonCodes.matches(null, "empty")).isFalse();
    assertThat(ReasonCodes.matches("custom_code", "custom_code")).isTrue();
  }

  @Test
  void docsListEveryCodeAndAlias() throws IOException {
    String doc = Files.readString(Path.of("docs/rules.md"));
    for (String c : ReasonCodes.all()) {
      assertThat(doc).as("docs/rules.md names " + c).contains("`" + c + "`");
    }
    for (String a : ReasonCodes.ALIASES.keySet()) {
      assertThat(doc).contains("`" + a + "`");
    }
  }
}
