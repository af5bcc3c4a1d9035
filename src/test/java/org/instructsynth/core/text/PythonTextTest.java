package org.instructsynth.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Python's {@code str} semantics, with the values CPython gives in the comments. */
class PythonTextTest {

  @Test
  void whitespaceIsPythonsUnicodeWhitespace() {
    // "a\u00a0b c".split() == ['a', 'b', 'c'] in Python; Java's "\\s+" sees 2 words
    assertThat(PythonText.wordCount("a\u00A0b c")).isEqualTo(3);
    assertThat(PythonText.wordCount("\u2003a\u3000b\u202Fc\u2028d\u0085e\u001Cf ")).isEqualTo(6);
    assertThat(PythonText.wordCount("")).isZero();
    assertThat(PythonText.wordCount(" \t\n ")).isZero();
    // U+200B (zero width space) and U+FEFF are not whitespace in Python
    assertThat(PythonText.wordCount("a\u200Bb\uFEFFc")).isEqualTo(1);
    assertThat(PythonText.isSpace(0x180E)).isFalse(); // Mongolian vowel separator: not since Unicode 6.3
  }

  @Test
  void stripAndCollapse() {
    assertThat(PythonText.strip("\u00A0 x y\u3000\n")).isEqualTo("x y");
    // re.sub(r"\s+", " ", s).strip()
    assertThat(PythonText.collapseWhitespace("  Translate\u00A0the\t\tsentence \n")).isEqualTo("Translate the sentence");
    assertThat(PythonText.isBlank("\u00A0\u2007")).isTrue();
    assertThat(PythonText.isBlank(null)).isTrue();
  }

  @Test
  void lengthIsCodePoints() {
    assertThat(PythonText.length("\uD83D\uDE00a")).isEqualTo(2);
    assertThat(PythonText.length(null)).isZero();
  }

  @Test
  void capitalizeAndLower() {
    // "hELLO World".capitalize() == 'Hello world'; "ǆemal".capitalize() == 'ǅemal' (title case)
    assertThat(PythonText.capitalize("hELLO World")).isEqualTo("Hello world");
    assertThat(PythonText.capitalize("\u01C6emal")).isEqualTo("\u01C5emal");
    assertThat(PythonText.capitalize("")).isEmpty();
    assertThat(PythonText.lower("ÀB")).isEqualTo("àb");
  }
}
