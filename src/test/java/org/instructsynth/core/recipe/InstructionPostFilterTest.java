package org.instructsynth.core.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InstructionPostFilterTest {

  @Test
  void selfInstructRulesInOrder() {
    String longOne = "word ".repeat(151).strip();
    Filtered<String> f =
        InstructionPostFilter.apply(
            List.of(
                "  Translate the SENTENCE\n into French.  ",
                "Name three colors",
                longOne,
                "Describe the image in detail please.",
                "Explain how GPS maps are drawn.",
                "write a program that sorts numbers.",
                "\"Quote\" this sentence for me please.",
                "Écrivez un poème sur la mer.",
                "Describe the imagery in the poem.",
                "   "),
            InstructionPostFilter.SELF_INSTRUCT);
    assertThat(f.kept())
        .containsExactly("Translate the sentence into french.", "Describe the imagery in the poem.");
    assertThat(f.dropped())
        .extracting(Dropped::reason, Dropped::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("instruction_too_short", "3 words, need more than 3"),
            org.assertj.core.groups.Tuple.tuple("instruction_too_long", "151 words, at most 150"),
            org.assertj.core.groups.Tuple.tuple("blacklisted_keyword", "mentions 'image'"),
            org.assertj.core.groups.Tuple.tuple("blacklisted_keyword", "mentions 'maps'"),
            org.assertj.core.groups.Tuple.tuple("write_a_program", "starts with 'Write a program'"),
            org.assertj.core.groups.Tuple.tuple("starts_with_punctuation", "starts with '\"'"),
            org.assertj.core.groups.Tuple.tuple("starts_with_non_ascii", "starts with U+00C9"),
            org.assertj.core.groups.Tuple.tuple("empty", "empty instruction"));
  }

  @Test
  void alpacaRulesKeepCaseAndAddKeywords() {
    Filtered<String> f =
        InstructionPostFilter.apply(
            List.of("Compose music for the given lyrics.", "Translate the SENTENCE into French.",
                "write a program that sorts numbers."),
            InstructionPostFilter.ALPACA);
    assertThat(f.kept()).containsExactly("Translate the SENTENCE into French.", "write a program that sorts numbers.");
    assertThat(f.dropped()).extracting(Dropped::detail).containsExactly("mentions 'music'");
  }

  @Test
  void capitalizeIsPythons() {
    assertThat(InstructionPostFilter.capitalize("hELLO World")).isEqualTo("Hello world");
    assertThat(InstructionPostFilter.capitalize("")).isEmpty();
  }
}
