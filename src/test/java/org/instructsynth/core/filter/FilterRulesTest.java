package org.instructsynth.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import org.instructsynth.core.filter.EmptyFieldFilter.Field;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One nested class per rule; every drop asserts the reason code and the detail. */
class FilterRulesTest {

  private static void assertDropped(Verdict verdict, String reason, String detail) {
    assertThat(verdict).isEqualTo(Verdict.drop(reason, detail));
    assertThat(verdict.kept()).isFalse();
  }

  private static void assertKept(Verdict verdict) {
    assertThat(verdict).isEqualTo(Verdict.keep());
    assertThat(verdict.reason()).isNull();
    assertThat(verdict.detail()).isNull();
  }

  @Nested
  class VerdictContract {
    @Test
    void keptHasNoReason() {
      assertThatThrownBy(() -> new Verdict(true, "x", null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("reason=x");
    }

    @Test
    void droppedNeedsReason() {
      assertThatThrownBy(() -> Verdict.drop(" ", "d"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("got  ");
    }
  }

  @Nested
  class EmptyField {
    private final EmptyFieldFilter filter = EmptyFieldFilter.defaults();

    @Test
    void emptyInstruction() {
      assertDropped(filter.apply("", "x", "y"), "empty_instruction", "instruction is empty");
      assertDropped(filter.apply(null, "x", "y"), "empty_instruction", "instruction is empty");
    }

    @Test
    void whitespaceOnlyCountsAsEmptyIncludingNoBreakSpace() {
      assertDropped(
          filter.apply(" \t\n\u00A0\u3000", "", "y"),
          "empty_instruction",
          "instruction is whitespace only");
      assertDropped(filter.apply("Do it", "", "  "), "empty_output", "output is whitespace only");
    }

    @Test
    void instructionCheckedBeforeOutput() {
      assertDropped(filter.apply("", "", ""), "empty_instruction", "instruction is empty");
    }

    @Test
    void inputIsOptionalByDefault() {
      assertKept(filter.apply("Do it", "", "done"));
      assertThat(filter.reasons()).containsExactly("empty_instruction", "empty_output");
    }

    @Test
    void inputCanBeRequired() {
      EmptyFieldFilter all = new EmptyFieldFilter(EnumSet.allOf(Field.class));
      assertDropped(all.apply("Do it", " ", "done"), "empty_input", "input is whitespace only");
      assertThat(all.reasons()).containsExactly("empty_instruction", "empty_input", "empty_output");
    }

    @Test
    void unknownFieldNamesTheValue() {
      assertThatThrownBy(() -> Field.parse("answer"))
          .hasMessage("Unknown field 'answer', expected one of instruction, input, output");
    }
  }

  @Nested
  class InstructionLength {
    private final InstructionLengthFilter filter = InstructionLengthFilter.defaults();

    private String words(int n) {
      return String.join(" ", java.util.Collections.nCopies(n, "w"));
    }

    @Test
    void threeWordsDropFourKeep() {
      assertDropped(
          filter.apply("Name three colours", "", ""),
          "instruction_too_short",
          "3 words, need more than 3");
      assertKept(filter.apply("Name three primary colours", "", ""));
    }

    @Test
    void oneAndZeroWords() {
      assertDropped(filter.apply("Hi", "", ""), "instruction_too_short", "1 word, need more than 3");
      assertDropped(filter.apply("", "", ""), "instruction_too_short", "0 words, need more than 3");
    }

    @Test
    void hundredFiftyKeepHundredFiftyOneDrop() {
      assertKept(filter.apply(words(150), "", ""));
      assertDropped(
          filter.apply(words(151), "", ""), "instruction_too_long", "151 words, need at most 150");
    }

    @Test
    void wordsArePythonSplit() {
      // Runs of any Python whitespace separate words; punctuation does not.
      assertThat(InstructionLengthFilter.wordCount("  a\t\tb\nc\u00A0d\u2003e  ")).isEqualTo(5);
      assertThat(InstructionLengthFilter.wordCount("a,b,c,d")).isEqualTo(1);
      assertThat(InstructionLengthFilter.wordCount("\uD83D\uDE00 \uD83D\uDE00")).isEqualTo(2);
      // U+200B ZERO WIDTH SPACE is not whitespace in Python.
      assertThat(InstructionLengthFilter.wordCount("a\u200Bb")).isEqualTo(1);
      assertThat(InstructionLengthFilter.wordCount(null)).isZero();
    }

    @Test
    void customBounds() {
      InstructionLengthFilter custom = new InstructionLengthFilter(2, 3);
      assertKept(custom.apply("two words", "", ""));
      assertDropped(custom.apply("a b c d", "", ""), "instruction_too_long", "4 words, need at most 3");
    }

    @Test
    void invalidBoundsStateValues() {
      assertThatThrownBy(() -> new InstructionLengthFilter(5, 4))
          .hasMessage("Word bounds need 0 <= min-words <= max-words, got min-words=5, max-words=4");
    }
  }

  @Nested
  class KeywordBlocklist {
    private final KeywordBlocklistFilter selfInstruct = KeywordBlocklistFilter.of("self-instruct", List.of());
    private final KeywordBlocklistFilter alpaca = KeywordBlocklistFilter.of("alpaca", List.of());

    @Test
    void listsMatchTheSources() {
      assertThat(KeywordBlocklistFilter.SELF_INSTRUCT)
          .containsExactly(
              "image", "images", "graph", "graphs", "picture", "pictures", "file", "files", "map",
              "maps", "draw", "plot", "go to");
      assertThat(KeywordBlocklistFilter.ALPACA)
          .hasSize(18)
          .startsWith(KeywordBlocklistFilter.SELF_INSTRUCT.toArray(String[]::new))
          .endsWith("video", "audio", "music", "flowchart", "diagram");
    }

    @Test
    void wholeWordCaseInsensitive() {
      assertDropped(
          selfInstruct.apply("Describe the IMAGE below in detail", "", ""),
          "blocklisted_keyword",
          "instruction contains \"image\"");
      assertDropped(
          selfInstruct.apply("Plot: explain the story", "", ""),
          "blocklisted_keyword",
          "instruction contains \"plot\"");
    }

    @Test
    void mapsButNotMapsuiteOrImagery() {
      assertDropped(
          selfInstruct.apply("Compare the two maps of Europe", "", ""),
          "blocklisted_keyword",
          "instruction contains \"maps\"");
      assertKept(selfInstruct.apply("Describe what Mapsuite does", "", ""));
      assertKept(selfInstruct.apply("Explain the imagery in this poem", "", ""));
      assertKept(selfInstruct.apply("Use the file_name variable", "", ""));
    }

    @Test
    void goToIsAPhraseWithOneSpace() {
      assertDropped(
          selfInstruct.apply("Go to the store and buy milk", "", ""),
          "blocklisted_keyword",
          "instruction contains \"go to\"");
      assertKept(selfInstruct.apply("I want to go  to bed", "", ""));
      assertKept(selfInstruct.apply("Tell me where to go today", "", ""));
      assertKept(selfInstruct.apply("Explain why we ergo tolerate it", "", ""));
    }

    @Test
    void unicodeLettersAreWordCharactersAsInPython() {
      // Python's \b treats é and digits as word characters: "imageé" and "map2" are not "image"/"map".
      assertKept(selfInstruct.apply("Explain the word imageé please", "", ""));
      assertKept(selfInstruct.apply("Explain what map2 does here", "", ""));
      assertDropped(
          selfInstruct.apply("Explain «map» in French", "", ""),
          "blocklisted_keyword",
          "instruction contains \"map\"");
    }

    @Test
    void alpacaAddsMediaWords() {
      String instruction = "Compose background music for a game";
      assertKept(selfInstruct.apply(instruction, "", ""));
      assertDropped(alpaca.apply(instruction, "", ""), "blocklisted_keyword", "instruction contains \"music\"");
    }

    @Test
    void firstMatchFollowsListOrderAndOnlyInstructionCounts() {
      assertThat(selfInstruct.firstMatch("plot the images")).contains("images");
      assertKept(selfInstruct.apply("Summarise the following text", "an image", "a map"));
    }

    @Test
    void extraWordsAreLiteral() {
      KeywordBlocklistFilter extra = KeywordBlocklistFilter.of("none", List.of("c++", "a.b"));
      assertThat(extra.keywords()).containsExactly("c++", "a.b");
      assertDropped(extra.apply("Write c++ code now", "", ""), "blocklisted_keyword", "instruction contains \"c++\"");
      assertKept(extra.apply("Explain axb in words", "", ""));
    }

    @Test
    void unknownListNamesTheValue() {
      assertThatThrownBy(() -> KeywordBlocklistFilter.of("vicuna", List.of()))
          .hasMessage("Unknown blocklist 'vicuna', expected one of self-instruct, alpaca, none");
    }
  }

  @Nested
  class LeadingCharacter {
    private final LeadingCharacterFilter filter = new LeadingCharacterFilter();

    @Test
    void punctuation() {
      assertDropped(
          filter.apply("- List three fruits", "", ""),
          "starts_with_punctuation",
          "first character U+002D '-'");
      assertDropped(
          filter.apply("\"Quote\" this sentence", "", ""),
          "starts_with_punctuation",
          "first character U+0022 '\"'");
    }

    @Test
    void leadingWhitespaceIsStrippedFirst() {
      assertDropped(
          filter.apply("  \n* List three fruits", "", ""),
          "starts_with_punctuation",
          "first character U+002A '*'");
      assertKept(filter.apply("   List three fruits", "", ""));
    }

    @Test
    void nonAsciiIncludingEmojiSurrogatePair() {
      assertDropped(
          filter.apply("\uD83D\uDE00 Tell a joke", "", ""),
          "starts_with_non_ascii",
          "first character U+1F600 '\uD83D\uDE00'");
      assertDropped(filter.apply("写一首诗", "", ""), "starts_with_non_ascii", "first character U+5199 '写'");
      assertDropped(
          filter.apply("“Quote” this", "", ""), "starts_with_non_ascii", "first character U+201C '“'");
    }

    @Test
    void digitsAndLettersPassEmptyIsNotThisRulesCase() {
      assertKept(filter.apply("3 ways to cook rice", "", ""));
      assertKept(filter.apply("", "", ""));
      assertKept(filter.apply(null, "", ""));
      assertThat(LeadingCharacterFilter.firstCodePoint(" \t ")).isEqualTo(-1);
    }
  }

  @Nested
  class WriteAProgram {
    private final WriteAProgramFilter filter = new WriteAProgramFilter();

    @Test
    void prefixCaseInsensitiveAfterCollapsingWhitespace() {
      assertDropped(
          filter.apply("Write a program that sorts a list", "", ""),
          "starts_with_write_a_program",
          "instruction starts with \"Write a program\"");
      assertDropped(
          filter.apply("  WRITE\ta  program to add numbers", "", ""),
          "starts_with_write_a_program",
          "instruction starts with \"WRITE a program\"");
      assertDropped(
          filter.apply("Write a programme for the fair", "", ""),
          "starts_with_write_a_program",
          "instruction starts with \"Write a program\"");
    }

    @Test
    void onlyAtTheStart() {
      assertKept(filter.apply("Please write a program that sorts", "", ""));
      assertKept(filter.apply("Write a poem about programs", "", ""));
      assertKept(filter.apply("Write a", "", ""));
    }
  }

  @Nested
  class OutputEqualsInput {
    private final OutputEqualsInputFilter filter = new OutputEqualsInputFilter();

    @Test
    void equalAfterStripping() {
      assertDropped(
          filter.apply("Fix the grammar", " She go home. ", "She go home.\n"),
          "output_equals_input",
          "output repeats the 12-character input");
    }

    @Test
    void caseAndInnerWhitespaceMatter() {
      assertKept(filter.apply("Fix", "she goes home.", "She goes home."));
      assertKept(filter.apply("Fix", "a  b", "a b"));
    }

    @Test
    void onlyWithNonEmptyInput() {
      assertKept(filter.apply("Say nothing", "", ""));
      assertKept(filter.apply("Say nothing", "  ", " "));
      assertKept(filter.apply("Say nothing", null, null));
    }
  }

  @Nested
  class Chatter {
    private final ChatterFilter filter = ChatterFilter.defaults();

    @Test
    void defaultPhrasesInOutputCaseInsensitive() {
      assertDropped(
          filter.apply("Tell a joke", "", "as an ai language model, I do not joke."),
          "assistant_chatter",
          "output contains \"As an AI language model\"");
      assertDropped(
          filter.apply("Tell a joke", "", "Sure, I'd be happy to help! Here is one."),
          "assistant_chatter",
          "output contains \"Sure, I'd be happy to help\"");
    }

    @Test
    void typographicApostropheMatches() {
      assertDropped(
          filter.apply("Book a flight", "", "I’m unable to book flights."),
          "assistant_chatter",
          "output contains \"I'm unable to\"");
    }

    @Test
    void instructionOnlyWhenAsked() {
      String instruction = "Continue: As an AI language model, you";
      assertKept(filter.apply(instruction, "", "must answer."));
      ChatterFilter both = new ChatterFilter(ChatterFilter.DEFAULT_PHRASES, true);
      assertDropped(
          both.apply(instruction, "", "must answer."),
          "assistant_chatter",
          "instruction contains \"As an AI language model\"");
    }

    @Test
    void configurableList() {
      ChatterFilter custom = new ChatterFilter(List.of("  Certainly!  ", "", "certainly!"), false);
      assertThat(custom.phrases()).containsExactly("Certainly!", "certainly!");
      assertDropped(
          custom.apply("x", "", "CERTAINLY! Here it is"),
          "assistant_chatter",
          "output contains \"Certainly!\"");
      assertKept(new ChatterFilter(List.of(), true).apply("As an AI language model", "", "I'm unable to"));
    }

    @Test
    void cleanOutputKept() {
      assertKept(filter.apply("Name a fruit", "", "Apple."));
    }
  }
}
