package org.instructsynth.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterChainTest {

  private static final String GOOD = "Rewrite the sentence in the passive voice";

  @Test
  void reasonsInChainOrder() {
    assertThat(FilterChain.defaults().reasons())
        .containsExactly(
            "empty_instruction",
            "empty_output",
            "instruction_too_short",
            "instruction_too_long",
            "blocklisted_keyword",
            "starts_with_write_a_program",
            "starts_with_punctuation",
            "starts_with_non_ascii",
            "output_equals_input",
            "assistant_chatter");
    assertThat(FilterChain.defaults().filters())
        .extracting(ExampleFilter::name)
        .containsExactlyElementsOf(FilterChain.RULE_NAMES);
  }

  @Test
  void goodExampleKept() {
    assertThat(FilterChain.defaults().apply(GOOD, "The cat ate the fish.", "The fish was eaten by the cat."))
        .isEqualTo(Verdict.keep());
  }

  @Test
  void firstFailingRuleWins() {
    FilterChain chain = FilterChain.defaults();
    // Too short (Python counts "*" as a word), blocklisted and punctuation: length comes first.
    assertThat(chain.apply("* Draw map", "", "ok"))
        .isEqualTo(Verdict.drop("instruction_too_short", "3 words, need more than 3"));
    // Blocklisted and starting with "Write a program": blocklist comes first.
    assertThat(chain.apply("Write a program that reads a file", "", "ok"))
        .isEqualTo(Verdict.drop("blocklisted_keyword", "instruction contains \"file\""));
    // "Write a program" and chatter: the instruction rule comes first.
    assertThat(chain.apply("Write a program that adds numbers", "", "As an AI language model"))
        .isEqualTo(
            Verdict.drop("starts_with_write_a_program", "instruction starts with \"Write a program\""));
    // Punctuation before non-ASCII is moot for one character; punctuation before output rules.
    assertThat(chain.apply("(Optional) rewrite this sentence please", "x", "x"))
        .isEqualTo(Verdict.drop("starts_with_punctuation", "first character U+0028 '('"));
    // Output equals input before chatter.
    assertThat(chain.apply(GOOD, "I'm unable to", "I'm unable to"))
        .isEqualTo(Verdict.drop("output_equals_input", "output repeats the 13-character input"));
    assertThat(chain.apply(GOOD, "The cat ate.", "I'm unable to rewrite that."))
        .isEqualTo(Verdict.drop("assistant_chatter", "output contains \"I'm unable to\""));
    // Empty fields first of all.
    assertThat(chain.apply("  ", "", ""))
        .isEqualTo(Verdict.drop("empty_instruction", "instruction is whitespace only"));
    assertThat(chain.apply("Hi", "", null)).isEqualTo(Verdict.drop("empty_output", "output is empty"));
  }

  @Test
  void disabledKeepsEverything() {
    FilterChain chain = FilterChain.of(FilterSettings.defaults().withEnabled(false));
    assertThat(chain.filters()).isEmpty();
    assertThat(chain.reasons()).isEmpty();
    assertThat(chain.apply("", null, "")).isEqualTo(Verdict.keep());
  }

  @Test
  void disabledRulesAreSkipped() {
    FilterChain chain =
        FilterChain.of(FilterSettings.defaults().withDisabledRules(List.of("instruction-length", "chatter")));
    assertThat(chain.reasons()).doesNotContain("instruction_too_short", "assistant_chatter");
    // "map" precedes "draw" in Self-Instruct's list, so it is the one reported.
    assertThat(chain.apply("* Draw map", "", "ok"))
        .isEqualTo(Verdict.drop("blocklisted_keyword", "instruction contains \"map\""));
  }

  @Test
  void settingsReachTheRules() {
    FilterSettings settings =
        FilterSettings.defaults()
            .withWordBounds(1, 6)
            .withBlocklist("alpaca", List.of("spreadsheet"))
            .withChatter(List.of("Certainly!"), true)
            .withRequiredFields(List.of("instruction", "input", "output"));
    FilterChain chain = FilterChain.of(settings);
    assertThat(chain.apply("Hi", "", "x")).isEqualTo(Verdict.drop("empty_input", "input is empty"));
    assertThat(chain.apply("Hi", "a", "x")).isEqualTo(Verdict.keep());
    assertThat(chain.apply("a b c d e f g", "a", "x"))
        .isEqualTo(Verdict.drop("instruction_too_long", "7 words, need at most 6"));
    assertThat(chain.apply("Describe the video", "a", "x"))
        .isEqualTo(Verdict.drop("blocklisted_keyword", "instruction contains \"video\""));
    assertThat(chain.apply("Fill the Spreadsheet", "a", "x"))
        .isEqualTo(Verdict.drop("blocklisted_keyword", "instruction contains \"spreadsheet\""));
    assertThat(chain.apply("Certainly! Do it", "a", "x"))
        .isEqualTo(Verdict.drop("assistant_chatter", "instruction contains \"Certainly!\""));
    assertThat(chain.apply("Say as an AI language model", "a", "x")).isEqualTo(Verdict.keep());
  }

  @Test
  void defaultsMatchThePapers() {
    FilterSettings d = FilterSettings.defaults();
    assertThat(d.enabled()).isTrue();
    assertThat(d.minWords()).isEqualTo(4);
    assertThat(d.maxWords()).isEqualTo(150);
    assertThat(d.blocklist()).isEqualTo("self-instruct");
    assertThat(d.extraBlocklist()).isEmpty();
    assertThat(d.chatterPhrases()).isEqualTo(ChatterFilter.DEFAULT_PHRASES);
    assertThat(d.chatterCheckInstruction()).isFalse();
    assertThat(d.requiredFields()).containsExactly("instruction", "output");
    assertThat(d.disabledRules()).isEmpty();
    assertThat(new FilterSettings(true, 4, 150, null, null, null, false, null, null)).isEqualTo(d);
  }

  // Invalid filters.* values are reported where the YAML is bound: config/ConfigValidationTest.

  @Test
  void chainSurvivesJavaSerialisation() throws Exception {
    FilterChain chain = FilterChain.of(FilterSettings.defaults().withBlocklist("alpaca", List.of("x y")));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(chain);
      out.writeObject(FilterSettings.defaults());
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      FilterChain copy = (FilterChain) in.readObject();
      assertThat(copy.reasons()).isEqualTo(chain.reasons());
      assertThat(copy.apply("Say x y to me", "", "ok"))
          .isEqualTo(Verdict.drop("blocklisted_keyword", "instruction contains \"x y\""));
      assertThat(in.readObject()).isEqualTo(FilterSettings.defaults());
    }
  }
}
