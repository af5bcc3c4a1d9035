package org.instructsynth.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Unnatural Instructions' JSON Lines (core and full sets) as instruction records. */
class UnnaturalInstructionsTest {
  private static final String LINE = "{\"instruction\": \"You are given a word. Say whether it is a noun.\","
      + " \"instances\": [{\"instruction_with_input\": \"You are given a word. Say whether it is a noun.\\nWord: apple\","
      + " \"input\": \"Word: apple\", \"constraints\": \"The output should be 'Yes' or 'No'.\", \"output\": \"Yes\"}],"
      + " \"reformulations\": [{\"instruction\": \"Is the word a noun? Word: {INPUT}\", \"instruction_with_input\": \"Is the word a noun? Word: run\","
      + " \"input\": \"Word: run\", \"output\": \"No\"}]}";

  @Test
  void eachInstanceIsOneRecordAndTheConstraintsAreNotPartOfTheInstruction() throws Exception {
    assertThat(UnnaturalInstructions.parse(LINE, false)).containsExactly(
        new InstructionRecord("", "You are given a word. Say whether it is a noun.", "Word: apple", "Yes"));
  }

  @Test
  void theFullSetAddsEachReformulationWithItsOwnInstruction() throws Exception {
    List<InstructionRecord> r = UnnaturalInstructions.parse(LINE, true);
    assertThat(r).hasSize(2);
    assertThat(r.get(1)).isEqualTo(new InstructionRecord("", "Is the word a noun? Word: {INPUT}", "Word: run", "No"));
  }

  @Test
  void malformedLinesSayWhatIsWrong() {
    assertThatThrownBy(() -> UnnaturalInstructions.parse("{\"instruction\": \"x\", \"instances\": []}", false))
        .isInstanceOf(MalformedRecordException.class).hasMessage("an Unnatural Instructions line needs a non-empty 'instances' array, found an empty array");
    assertThatThrownBy(() -> UnnaturalInstructions.parse("{\"instruction\": \"x\", \"instances\": [{\"input\": \"a\"}]}", false))
        .isInstanceOf(MalformedRecordException.class).hasMessage("instances[0]: field 'output' is missing; it must be a string");
    assertThatThrownBy(() -> UnnaturalInstructions.parse("{\"instances\": [{\"input\": \"a\", \"output\": \"b\"}]}", false))
        .isInstanceOf(MalformedRecordException.class).hasMessageContaining("field 'instruction' is missing");
  }
}
