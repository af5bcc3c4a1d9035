package org.instructsynth.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

  @Test
  void fillsSlotsAndUnescapesBraces() {
    Template t = Template.compile("t", "Hi {name}, {{literal}} and }} {name}!");
    assertThat(t.slots()).containsExactly("name");
    assertThat(t.render(Map.of("name", "Ada"))).isEqualTo("Hi Ada, {literal} and } Ada!");
  }

  @Test
  void valuesAreInsertedVerbatim() {
    Template t = Template.compile("t", "[{a}]");
    assertThat(t.render(Map.of("a", "{b} }}"))).isEqualTo("[{b} }}]");
  }

  @Test
  void missingAndUnknownValuesAreReportedTogether() {
    Template t = Template.compile("greeting", "{a}{b}");
    assertThatThrownBy(() -> t.render(Map.of("a", "1", "c", "3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("template 'greeting' has slots [a, b]; missing values for [b], values for unknown slots [c]");
  }

  @Test
  void syntaxErrorsNameTheOffset() {
    assertThatThrownBy(() -> Template.compile("x", "ab{c"))
        .hasMessage("template 'x': unterminated '{' at offset 2 (write '{{' for a literal brace)");
    assertThatThrownBy(() -> Template.compile("x", "a}b"))
        .hasMessage("template 'x': unmatched '}' at offset 1 (write '}}' for a literal brace)");
    assertThatThrownBy(() -> Template.compile("x", "{a b}"))
        .hasMessageStartingWith("template 'x': invalid slot name 'a b' at offset 0");
    assertThatThrownBy(() -> Template.compile("x", "{}"))
        .hasMessageStartingWith("template 'x': invalid slot name '' at offset 0");
  }

  @Test
  void noSlotsRendersTheText() {
    assertThat(Template.compile("t", "plain").render(Map.of())).isEqualTo("plain");
  }
}
