package org.instructsynth.core.templatize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.instructsynth.core.split.GivenSplit;
import org.junit.jupiter.api.Test;

/** FLAN's templatize rules, pure Java: round-robin, mixing rates, options placement, few-shot layout. */
class FlanRulesTest {
  @Test
  void roundRobinGivesTheIthRowOfEachGroupTemplateIAndDropsTheIncompleteLastGroup() {
    // batch_apply_template: groups of len(patterns) rows, drop_remainder=True
    for (long pos = 0; pos < 20; pos++) {
      assertThat(RoundRobin.template(pos, 10)).isEqualTo((int) (pos % 10));
      assertThat(RoundRobin.inRemainder(pos, 25, 10)).as("row %d of 25", pos).isFalse();
    }
    for (long pos = 20; pos < 25; pos++) {
      assertThat(RoundRobin.inRemainder(pos, 25, 10)).as("row %d of 25", pos).isTrue();
    }
    assertThat(RoundRobin.inRemainder(29, 30, 10)).isFalse();
    assertThat(RoundRobin.inRemainder(0, 9, 10)).isTrue();
    // more than one template per row: the next ones, wrapping
    assertThat(RoundRobin.templates(8, 10, 3)).containsExactly(8, 9, 0);
    assertThat(RoundRobin.templates(1, 3, 5)).containsExactly(1, 2, 0);
  }

  @Test
  void mixingRatesAreProportionalToMinOfNAndK() {
    Map<String, Long> n = new LinkedHashMap<>();
    n.put("big", 10_000L);
    n.put("small", 500L);
    n.put("at-k", 3_000L);
    assertThat(MixingRates.naturalSize(n, 3_000)).isEqualTo(6_500);
    assertThat(MixingRates.rates(n, 3_000)).containsEntry("big", 3000.0 / 6500).containsEntry("small", 500.0 / 6500)
        .containsEntry("at-k", 3000.0 / 6500);
    // the natural size: every dataset gives min(n, K) rows
    assertThat(MixingRates.draws(n, 3_000, 0)).containsExactly(
        Map.entry("big", 3_000L), Map.entry("small", 500L), Map.entry("at-k", 3_000L));
    // a smaller mixture keeps the rates: 650 rows = 300 + 50 + 300
    assertThat(MixingRates.draws(n, 3_000, 650)).containsExactly(
        Map.entry("big", 300L), Map.entry("small", 50L), Map.entry("at-k", 300L));
    // largest remainder: 46.15 + 7.69 + 46.15 -> 46 + 8 + 46 = 100
    assertThat(MixingRates.draws(n, 3_000, 100)).containsExactly(
        Map.entry("big", 46L), Map.entry("small", 8L), Map.entry("at-k", 46L));
    // twice the natural size: no dataset gives a row twice (no epochs), so small and at-k are capped
    assertThat(MixingRates.draws(n, 3_000, 13_000)).containsExactly(
        Map.entry("big", 6_000L), Map.entry("small", 500L), Map.entry("at-k", 3_000L));
    assertThat(MixingRates.draws(Map.of("empty", 0L), 3_000, 0)).containsExactly(Map.entry("empty", 0L));
  }

  @Test
  void optionsGoWhereTheTemplatePutsThemElseAfterABlankLine() {
    Map<String, String> row = Map.of("text", "Great food.", "label", "positive");
    List<String> labels = List.of("positive", "negative");
    Template placed = new Template("s1", "", "{text}\nSentiment?\n{options_}", "{label}", false);
    Template plain = new Template("s2", "", "Is this review positive or negative?\n\n{text}", "{label}", false);
    Template split = new Template("s3", "Classify the review.", "{text}", "{label}", false);
    String dash = Options.text(labels, Options.DASH);
    assertThat(dash).isEqualTo("OPTIONS:\n- positive\n- negative");
    assertThat(Rendering.of(placed, row, dash))
        .isEqualTo(new Rendering("Great food.\nSentiment?\nOPTIONS:\n- positive\n- negative", "", "positive"));
    assertThat(Rendering.of(plain, row, dash).instruction())
        .isEqualTo("Is this review positive or negative?\n\nGreat food.\n\nOPTIONS:\n- positive\n- negative");
    assertThat(Rendering.of(split, row, dash))
        .isEqualTo(new Rendering("Classify the review.", "Great food.\n\nOPTIONS:\n- positive\n- negative", "positive"));
    // FLAN v2's letter format and the noopt variants
    assertThat(Options.text(labels, Options.LETTERS)).isEqualTo("OPTIONS:\n(A) positive\n(B) negative");
    assertThat(Options.letter(26)).isEqualTo("AA");
    assertThat(Rendering.of(placed, row, Options.text(labels, Options.NONE)).instruction())
        .isEqualTo("Great food.\nSentiment?");
    assertThat(Rendering.of(plain, row, "").instruction())
        .isEqualTo("Is this review positive or negative?\n\nGreat food.");
    // {options_} is a reserved slot, not a field the data must have
    assertThat(placed.fields()).containsExactly("text", "label");
    assertThat(placed.placesOptions()).isTrue();
    assertThat(plain.placesOptions()).isFalse();
  }

  @Test
  void fewShotUsesFlanV2Delimiters() {
    Template t = new Template("g1", "", "Fix: {source}", "{target}", false);
    Rendering a = Rendering.of(t, Map.of("source", "a1", "target", "A1"), "");
    Rendering b = Rendering.of(t, Map.of("source", "b1", "target", "B1"), "");
    Rendering x = Rendering.of(t, Map.of("source", "x1", "target", "X1"), "");
    assertThat(x.withExemplars(List.of(a, b)))
        .isEqualTo(new Rendering("Fix: a1\n\nA1\n\n\nFix: b1\n\nB1\n\n\nFix: x1", "", "X1"));
    assertThat(x.withExemplars(List.of())).isEqualTo(x);
    // an instruction/input template is one inputs string in a few-shot prompt
    Rendering split = new Rendering("Fix it.", "b1", "B1");
    assertThat(x.withExemplars(List.of(split)).instruction()).isEqualTo("Fix it.\n\nb1\n\nB1\n\n\nFix: x1");
  }

  @Test
  void givenSplitsTravelInTheGroupKey() {
    assertThat(GivenSplit.parse(" Validation ")).isEqualTo("validation");
    assertThat(GivenSplit.parse("dev")).isNull();
    String key = GivenSplit.group("test", "topic:t-1");
    assertThat(GivenSplit.of(key)).isEqualTo("test");
    assertThat(GivenSplit.table(key)).isEqualTo("eval");
    assertThat(GivenSplit.table(GivenSplit.group("validation", "x"))).isEqualTo("eval");
    assertThat(GivenSplit.table(GivenSplit.group("train", "x"))).isEqualTo("train");
    assertThat(GivenSplit.of("topic:t-1")).isNull();
    assertThat(GivenSplit.table(null)).isNull();
  }
}
