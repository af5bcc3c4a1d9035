package org.instructsynth.core.templatize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateTest {
  @Test
  void fillsSlotsAndLiteralBraces() {
    assertThat(Template.render("Fix: {source} {{not a slot}}", Map.of("source", "a b")))
        .isEqualTo("Fix: a b {not a slot}");
  }

  @Test
  void aMissingFieldNamesTheSlot() {
    assertThatThrownBy(() -> Template.render("{source} -> {target}", Map.of("source", "x")))
        .isInstanceOfSatisfying(org.instructsynth.core.prompt.Template.MissingSlotException.class,
            e -> assertThat(e.slot()).isEqualTo("target"));
  }

  @Test
  void syntaxErrorsArePinpointed() {
    assertThat(Template.syntaxError("a {b")).contains("unterminated '{' at offset 2");
    assertThat(Template.syntaxError("a } b")).contains("unmatched '}' at offset 2");
    assertThat(Template.syntaxError("{two words}")).contains("invalid slot name 'two words'");
    assertThat(Template.syntaxError("ok {x} {{y}}")).isNull();
  }

  @Test
  void optionsSuffixFollowsFlan() {
    assertThat(Options.append("Is this positive?\n", Options.text(List.of("yes", "no"), Options.DASH)))
        .isEqualTo("Is this positive?\n\nOPTIONS:\n- yes\n- no");
  }

  @Test
  void templateSetReportsEveryProblem() {
    assertThatThrownBy(() -> TemplateSet.parse("t", """
        templates:
          - id: a
            input: "{x"
            target: "{y}"
          - id: a
            input: "ok"
            colour: red
        """))
        .hasMessageContaining("t: templates[0].input: template 'pattern': unterminated '{' at offset 0")
        .hasMessageContaining("templates[1].id 'a' is used twice")
        .hasMessageContaining("templates[1].colour is not a template key")
        .hasMessageContaining("templates[1] has no target pattern");
  }

  @Test
  void everyShippedTemplateFileParsesAndUsesOnlyItsDatasetFields() throws Exception {
    for (String name : List.of("grammar_correction", "fluency", "clarity", "coherence", "simplification",
        "neutralization", "paraphrase", "sentiment", "formality", "topic")) {
      TemplateSet set = TemplateSet.parse(name, Files.readString(Path.of("conf/templates", name + ".yaml")));
      // FLAN: 10 templates per dataset, some "turned around" (given the target, write the input)
      assertThat(set.templates()).as(name).hasSize(10);
      assertThat(set.templates().stream().filter(Template::turnedAround).count()).as(name + " turned around")
          .isBetween(2L, 4L);
      String firstRow = Files.readAllLines(Path.of("sample-data/labelled", name + ".jsonl")).get(0);
      Set<String> fields = org.instructsynth.core.io.LabelledRecord.parse(firstRow).keySet();
      for (Template t : set.templates()) {
        assertThat(fields).as(name + "/" + t.id()).containsAll(t.fields());
      }
    }
  }

  @Test
  void templateChoiceIsSeededDistinctAndCoversAllTemplates() {
    int[] a = TemplateChoice.choose(42, "gec", "row-1", 10, 3);
    assertThat(a).hasSize(3).doesNotHaveDuplicates();
    assertThat(TemplateChoice.choose(42, "gec", "row-1", 10, 3)).isEqualTo(a);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      seen.add(TemplateChoice.choose(42, "gec", "row-" + i, 10, 1)[0]);
    }
    assertThat(seen).hasSize(10);
    assertThat(TemplateChoice.choose(1, "d", "r", 3, 5)).hasSize(3).containsExactlyInAnyOrder(0, 1, 2);
  }
}
