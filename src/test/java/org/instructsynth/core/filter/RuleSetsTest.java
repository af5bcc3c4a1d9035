package org.instructsynth.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.instructsynth.core.Instance;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One nested class per named rule set: the rules, their order, the normalisation, the codes. */
class RuleSetsTest {

  /** Normalises and judges like the recipe: (normalised instruction, reason or null). */
  private static List<org.assertj.core.groups.Tuple> judge(RuleSets.InstructionRules rules, List<String> raw) {
    List<org.assertj.core.groups.Tuple> out = new ArrayList<>();
    for (String r : raw) {
      String n = rules.normalise(r);
      Verdict v = rules.apply(n);
      out.add(tuple(n, v.reason(), v.detail()));
    }
    return out;
  }

  @Nested
  class SelfInstructInstructions {
    @Test
    void rulesInSourceOrderOnTheCapitalisedText() {
      String longOne = "Word " + "word ".repeat(150).strip();
      assertThat(judge(RuleSets.selfInstructInstructions(), List.of(
          "  Translate the SENTENCE\n into French.  ",
          "Name three colors",
          longOne,
          "Describe the image in detail please.",
          "Explain how GPS maps are drawn.",
          "write a program that sorts numbers.",
          "\"Quote\" this sentence for me please.",
          "Écrivez un poème sur la mer.",
          "Describe the imagery in the poem.",
          "   ",
          "Name\u00A0three\u00A0colors please")))
          .containsExactly(
              tuple("Translate the sentence into french.", null, null),
              tuple("Name three colors", "instruction_too_short", "3 words, need more than 3"),
              tuple(longOne, "instruction_too_long", "151 words, need at most 150"),
              tuple("Describe the image in detail please.", "blocklisted_keyword", "instruction contains \"image\""),
              tuple("Explain how gps maps are drawn.", "blocklisted_keyword", "instruction contains \"maps\""),
              tuple("Write a program that sorts numbers.", "starts_with_write_a_program",
                  "instruction starts with \"Write a program\""),
              tuple("\"quote\" this sentence for me please.", "starts_with_punctuation", "first character U+0022 '\"'"),
              tuple("Écrivez un poème sur la mer.", "starts_with_non_ascii", "first character U+00C9 'É'"),
              tuple("Describe the imagery in the poem.", null, null),
              tuple("", "empty_instruction", "instruction is empty"),
              // Python's \s: the no-break spaces separate words (4 words), and are collapsed to spaces
              tuple("Name three colors please", null, null));
    }

    @Test
    void nameAndCodes() {
      RuleSets.InstructionRules rules = RuleSets.selfInstructInstructions();
      assertThat(rules.name()).isEqualTo("self-instruct");
      assertThat(rules.chain().reasons()).containsExactly("empty_instruction", "instruction_too_short",
          "instruction_too_long", "blocklisted_keyword", "starts_with_write_a_program", "starts_with_punctuation",
          "starts_with_non_ascii");
    }
  }

  @Nested
  class AlpacaInstructions {
    @Test
    void keepsCaseAddsMediaKeywordsAndWriteAProgramIsCaseSensitive() {
      assertThat(judge(RuleSets.alpacaInstructions(), List.of(
          "Compose music for the given lyrics.",
          "Translate the SENTENCE into French.",
          "write a program that sorts numbers.",
          "Write a program that sorts numbers.")))
          .extracting(t -> t.toList().get(1))
          .containsExactly("blocklisted_keyword", null, null, "starts_with_write_a_program");
      assertThat(RuleSets.alpacaInstructions().normalise(" Translate  the SENTENCE ")).isEqualTo("Translate the SENTENCE");
    }
  }

  @Nested
  class SelfInstructInstances {
    @Test
    void perInstanceRulesThenSetRules() {
      Instance same = new Instance("x", "x");
      Instance empty = new Instance("x", "");
      Instance bothEmpty = new Instance("", "");
      Instance colonIn = new Instance("Sentence:", "a");
      Instance colonOut = new Instance("b", "Answer: ");
      Instance ok = new Instance("c", "d");
      Instance dup = new Instance("c", "d");
      Filtered<Instance> f = RuleSets.selfInstructInstances(5, 1L)
          .apply(List.of(same, empty, bothEmpty, colonIn, colonOut, ok, dup));
      assertThat(f.kept()).containsExactly(ok);
      assertThat(f.dropped()).extracting(Dropped::item, Dropped::reason, Dropped::detail).containsExactly(
          tuple(same, "output_equals_input", "output repeats the 1-character input"),
          tuple(empty, "empty_output", "output is empty"),
          tuple(bothEmpty, "empty_output", "output is empty"),
          tuple(colonIn, "ends_with_colon", "input ends with ':'"),
          tuple(colonOut, "ends_with_colon", "output ends with ':'"),
          tuple(dup, "duplicate_instance", "repeat of an earlier instance"));
    }

    @Test
    void conflictDropsTheTaskAndTheCapSamples() {
      Filtered<Instance> conflict = RuleSets.selfInstructInstances(5, 1L)
          .apply(List.of(new Instance("q", "1"), new Instance("q", "2"), new Instance("x", "x")));
      assertThat(conflict.kept()).isEmpty();
      assertThat(conflict.dropped()).extracting(Dropped::reason)
          .containsExactly("output_equals_input", "conflicting_outputs", "conflicting_outputs");
      List<Instance> seven = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        seven.add(new Instance("in " + i, "out " + i));
      }
      Filtered<Instance> capped = RuleSets.selfInstructInstances(5, 99L).apply(seven);
      assertThat(capped.kept()).hasSize(5);
      assertThat(capped.dropped()).extracting(Dropped::reason).containsExactly("instance_cap", "instance_cap");
    }
  }

  @Nested
  class SelfGuideInputs {
    @Test
    void inSourceOrderAgainstTheGrowingPool() {
      // no window (generation tasks in the paper): length never drops
      assertThat(RuleSets.selfGuideInputs(Optional.empty(), List.of(), List.of()).apply("", "x".repeat(5000), "").kept()).isTrue();
      List<String> noise = new ArrayList<>(NoisePhraseFilter.DEFAULT_PHRASES);
      noise.add("[input]");
      List<String> pool = new ArrayList<>(List.of("old one"));
      List<org.assertj.core.groups.Tuple> out = new ArrayList<>();
      for (String c : List.of("  ", "Sure, I'd be happy to help! x", "ab", "far too long: Sure, I'd be happy to help!",
          "old one", "fresh", "fresh", "[input] x", "\u00A0")) {
        Verdict v = RuleSets.selfGuideInputs(Optional.of(new LengthBounds(3, 30)), noise, pool).apply("", c, "");
        if (v.kept()) {
          pool.add(c);
        }
        out.add(tuple(c, v.reason(), v.detail()));
      }
      assertThat(out).containsExactly(
          tuple("  ", "empty_input", "input is whitespace only"),
          tuple("Sure, I'd be happy to help! x", "noise_phrase", "contains 'Sure, I'd be happy to help!'"),
          tuple("ab", "length_outlier", "length 2 outside [3.0, 30.0]"),
          // SG-10: the length rule comes before the noise list
          tuple("far too long: Sure, I'd be happy to help!", "length_outlier", "length 41 outside [3.0, 30.0]"),
          tuple("old one", "duplicate_input", "already in the input pool"),
          tuple("fresh", null, null),
          tuple("fresh", "duplicate_input", "already in the input pool"),
          tuple("[input] x", "noise_phrase", "contains 'input'"), // SG-12: the optional list's "input"
          tuple("\u00A0", "empty_input", "input is whitespace only"));
    }
  }

  @Nested
  class SelfGuideOutputs {
    @Test
    void lengthOnlyForGenerationTasks() {
      List<String> reasons = new ArrayList<>();
      for (String a : List.of("", "ok answer", "x", "Of course! yes")) {
        reasons.add(RuleSets.selfGuideOutputs(Optional.of(new LengthBounds(2, 20)), NoisePhraseFilter.DEFAULT_PHRASES)
            .apply("", "", a).reason());
      }
      assertThat(reasons).containsExactly("empty_output", null, "length_outlier", "noise_phrase");
      FilterChain clf = RuleSets.selfGuideOutputs(Optional.empty(), NoisePhraseFilter.DEFAULT_PHRASES);
      assertThat(clf.apply("", "", "x").kept()).isTrue();
      assertThat(clf.apply("", "", "Absolutely! x").reason()).isEqualTo("noise_phrase");
      assertThat(clf.reasons()).containsExactly("empty_output", "noise_phrase");
    }
  }

  @Nested
  class CurateDefault {
    @Test
    void isTheDefaultFilterChain() {
      assertThat(RuleSets.curateDefault().reasons()).containsExactly("empty_instruction", "empty_output",
          "instruction_too_short", "instruction_too_long", "blocklisted_keyword", "starts_with_write_a_program",
          "starts_with_punctuation", "starts_with_non_ascii", "output_equals_input", "assistant_chatter");
      assertThat(RuleSets.curate(FilterSettings.defaults().withEnabled(false)).filters()).isEmpty();
      // the curate chain does not capitalise or collapse: it judges the row as written
      assertThat(RuleSets.curateDefault().apply("write a program that adds two numbers", "", "x").reason())
          .isEqualTo("starts_with_write_a_program");
    }
  }
}
