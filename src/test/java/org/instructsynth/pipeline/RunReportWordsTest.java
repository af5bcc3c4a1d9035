package org.instructsynth.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The length histogram counts words as Python's {@code len(s.split())}, as the rules do. */
class RunReportWordsTest {

  @Test
  void wordsAreSplitOnPythonWhitespace() throws Exception {
    RunReport.WordCount words = new RunReport.WordCount();
    assertThat(words.call("a\u00a0b c")).isEqualTo(3);
    assertThat(words.call("\n  leading and trailing\t\n")).isEqualTo(3);
    assertThat(words.call("\u3000")).isZero();
    assertThat(words.call(null)).isZero();
  }

  @Test
  void binWidthsAreRound() {
    assertThat(RunReport.roundWidth(0.5)).isEqualTo(1);
    assertThat(RunReport.roundWidth(3)).isEqualTo(5);
    assertThat(RunReport.roundWidth(11)).isEqualTo(20);
  }
}
