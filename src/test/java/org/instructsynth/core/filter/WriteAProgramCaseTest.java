package org.instructsynth.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link WriteAProgramFilter}'s two case rules: Self-Instruct (after capitalize) and Alpaca (as written). */
class WriteAProgramCaseTest {

  @Test
  void alpacaIsCaseSensitiveSelfInstructIsNot() {
    WriteAProgramFilter alpaca = WriteAProgramFilter.caseSensitive();
    WriteAProgramFilter selfInstruct = WriteAProgramFilter.ignoringCase();
    assertThat(alpaca.apply("write a program that sorts numbers.", "", "").kept()).isTrue();
    assertThat(selfInstruct.apply("write a program that sorts numbers.", "", "").reason())
        .isEqualTo("starts_with_write_a_program");
    assertThat(alpaca.apply("Write a program that sorts.", "", ""))
        .isEqualTo(Verdict.drop("starts_with_write_a_program", "instruction starts with \"Write a program\""));
    // whitespace runs, including Unicode ones, are collapsed first
    assertThat(alpaca.apply("\u00A0Write\u3000a  program now", "", "").dropped()).isTrue();
    assertThat(new WriteAProgramFilter().apply("WRITE A PROGRAM", "", "").dropped()).isTrue();
  }
}
