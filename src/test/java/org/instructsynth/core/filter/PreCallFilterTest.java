package org.instructsynth.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.instructsynth.core.io.Json;
import org.junit.jupiter.api.Test;

/**
 * The pre-call filter drops only what the final chain would drop whatever the answer, with the
 * final chain's reason codes, and never looks at the answer.
 */
class PreCallFilterTest {
  private static final List<String> ANSWERS = List.of("", "   ", "A fine answer of a few words.",
      "As an AI language model, I cannot do that.", "same as the input");

  @Test
  void dropsWithTheChainsReasonCodes() {
    PreCallFilter pre = PreCallFilter.of(FilterSettings.defaults(), true);
    String longInstruction = "word ".repeat(180_000).trim(); // some 900 KB
    assertThat(pre.apply(longInstruction, "").reason()).isEqualTo(InstructionLengthFilter.TOO_LONG);
    assertThat(pre.apply("Draw a picture of a cat in the garden.", "").reason()).isEqualTo(KeywordBlocklistFilter.REASON);
    assertThat(pre.apply("   ", "").reason()).isEqualTo("empty_instruction");
    assertThat(pre.apply("Write a program that sorts a list.", "").reason()).isEqualTo(WriteAProgramFilter.REASON);
    assertThat(pre.apply("Summarize the passage in one sentence.", "").kept()).isTrue();
    // Chatter and output = input need the answer; the instruction's chatter only when asked for.
    assertThat(pre.apply("As an AI language model, explain gravity to a child.", "x").kept()).isTrue();
    PreCallFilter chatty = PreCallFilter.of(FilterSettings.defaults().withChatter(ChatterFilter.DEFAULT_PHRASES, true), true);
    assertThat(chatty.apply("As an AI language model, explain gravity to a child.", "x").reason())
        .isEqualTo(ChatterFilter.REASON);
    assertThat(PreCallFilter.of(FilterSettings.defaults().withEnabled(false), true).active()).isFalse();
  }

  @Test
  void aRequiredInputCountsOnlyWhenItIsKnownBeforeTheCall() {
    FilterSettings needInput = FilterSettings.defaults().withRequiredFields(List.of("instruction", "input", "output"));
    assertThat(PreCallFilter.of(needInput, true).apply("Summarize the passage in one sentence.", "").reason())
        .isEqualTo("empty_input");
    assertThat(PreCallFilter.of(needInput, false).apply("Summarize the passage in one sentence.", "").kept()).isTrue();
  }

  /**
   * On every sample row and several answers: a row the pre-call filter drops is dropped by the full
   * chain whatever the answer (so no row that could survive is lost).
   */
  @Test
  void agreesWithTheFullChainOnTheSampleRows() throws Exception {
    List<FilterSettings> settings = List.of(FilterSettings.defaults(),
        FilterSettings.defaults().withBlocklist("alpaca", List.of("recipe")).withChatter(ChatterFilter.DEFAULT_PHRASES, true),
        FilterSettings.defaults().withRequiredFields(List.of("instruction", "input", "output")));
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("sample-data/instructions.jsonl"))) {
      try {
        JsonNode n = Json.MAPPER.readTree(line);
        rows.add(new String[] {n.path("instruction").asText(""), n.path("input").asText("")});
      } catch (Exception malformed) {
        // the sample's malformed lines are not examples
      }
    }
    assertThat(rows).hasSizeGreaterThan(100);
    int dropped = 0;
    for (FilterSettings s : settings) {
      PreCallFilter pre = PreCallFilter.of(s, true);
      FilterChain chain = FilterChain.of(s);
      for (String[] r : rows) {
        Verdict before = pre.apply(r[0], r[1]);
        for (String answer : ANSWERS) {
          String output = "same as the input".equals(answer) ? r[1] : answer;
          Verdict full = chain.apply(r[0], r[1], output);
          if (before.dropped()) {
            assertThat(full.dropped()).as("%s / %s", r[0], output).isTrue();
          }
        }
        dropped += before.dropped() ? 1 : 0;
      }
    }
    assertThat(dropped).isPositive();
  }
}
