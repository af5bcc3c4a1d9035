package org.instructsynth.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import org.instructsynth.core.filter.InstructionLengthFilter;
import org.instructsynth.core.filter.RuleSets;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's Self-Instruct / Alpaca rules pinned without Spark: each test names the authors' line
 * it reproduces (docs/PARITY.md has the table).
 */
class SelfInstructParityTest {

  @Test
  void wordsArePythonSplitOnUnicodeWhitespace() {
    // SI-12 / AL-9: len(inst.split()) with Python's Unicode whitespace; Java's "\\s+" sees 2 words here.
    assertThat(InstructionLengthFilter.wordCount("a\u00a0b c")).isEqualTo(3);
    assertThat(InstructionLengthFilter.wordCount("a\u2009b\u3000c\u202fd")).isEqualTo(4);
    // The instruction-length rule of both rule sets uses that count: 3 words drop, 4 keep.
    for (RuleSets.InstructionRules rules : new RuleSets.InstructionRules[] {
        RuleSets.selfInstructInstructions(), RuleSets.alpacaInstructions()}) {
      assertThat(rules.apply("Name\u00a0a colour").reason()).as(rules.name()).isEqualTo("instruction_too_short");
      assertThat(rules.apply("Name\u00a0a colour\u3000now").kept()).as(rules.name()).isTrue();
      // and the normalisation is re.sub(r"\s+", " ", inst).strip() on the same whitespace
      assertThat(rules.normalise("\u00a0Name\u00a0\u00a0a colour\u3000now\u2028")).as(rules.name())
          .isEqualTo("Name a colour now");
    }
  }
}
