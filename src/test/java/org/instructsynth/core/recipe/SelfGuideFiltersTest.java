package org.instructsynth.core.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SelfGuideFiltersTest {

  @Test
  void lengthBoundsUsePopulationStandardDeviation() {
    // lengths 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population sd 2 -> [1, 9]
    LengthBounds b = LengthBounds.of(List.of("aa", "bbbb", "cccc", "dddd", "eeeee", "fffff", "ggggggg", "hhhhhhhhh"));
    assertThat(b.lower()).isEqualTo(1.0);
    assertThat(b.upper()).isEqualTo(9.0);
    assertThat(b.contains("a")).isTrue();
    assertThat(b.contains("123456789")).isTrue();
    assertThat(b.contains("")).isFalse();
    assertThat(b.contains("1234567890")).isFalse();
    assertThat(b.describe("1234567890")).isEqualTo("length 10 outside [1.0, 9.0]");
    // equal lengths: sd 0, only that length passes (the original's int/exclusive bounds would drop all)
    LengthBounds same = LengthBounds.of(List.of("abc", "xyz"));
    assertThat(same.contains("def")).isTrue();
    assertThat(same.contains("de")).isFalse();
    // code points, not UTF-16 units: one emoji is length 1
    assertThat(LengthBounds.of(List.of("x")).contains("\uD83D\uDE00")).isTrue();
    assertThatThrownBy(() -> LengthBounds.of(List.of())).hasMessage("length bounds need at least one example, got none");
  }

  @Test
  void inputFiltersInOrderWithReasons() {
    LengthBounds b = new LengthBounds(3, 10);
    List<String> noise = new ArrayList<>(SelfGuideFilters.DEFAULT_NOISE_PHRASES);
    noise.add("[input]");
    Filtered<String> f =
        SelfGuideFilters.filterInputs(
            List.of("  ", "Sure, I'd be happy to help! x", "ab", "way too long input", "old one", "fresh", "fresh", "[input] x"),
            b, noise, List.of("old one"));
    assertThat(f.kept()).containsExactly("fresh");
    assertThat(f.dropped())
        .containsExactly(
            new Dropped<>("  ", "empty", "empty input"),
            new Dropped<>("Sure, I'd be happy to help! x", "noise_phrase", "contains 'Sure, I'd be happy to help!'"),
            new Dropped<>("ab", "length_outlier", "length 2 outside [3.0, 10.0]"),
            new Dropped<>("way too long input", "length_outlier", "length 18 outside [3.0, 10.0]"),
            new Dropped<>("old one", "duplicate_input", "already in the input pool"),
            new Dropped<>("fresh", "duplicate_input", "already in the input pool"),
            new Dropped<>("[input] x", "noise_phrase", "contains '[input]'"));
  }

  @Test
  void outputFiltersSkipLengthForClassification() {
    Filtered<String> gen =
        SelfGuideFilters.filterOutputs(
            List.of("", "ok answer", "x", "Of course! yes"), Optional.of(new LengthBounds(2, 20)),
            SelfGuideFilters.DEFAULT_NOISE_PHRASES);
    assertThat(gen.kept()).containsExactly("ok answer");
    assertThat(gen.dropped())
        .extracting(Dropped::reason)
        .containsExactly("empty", "length_outlier", "noise_phrase");
    Filtered<String> clf =
        SelfGuideFilters.filterOutputs(List.of("x", "Absolutely! x"), Optional.empty(), SelfGuideFilters.DEFAULT_NOISE_PHRASES);
    assertThat(clf.kept()).containsExactly("x");
  }

  @Test
  void voteShareIsOverSurvivors() {
    // 3 of 10 requested survived; "A" has 2 of 3 = 0.67
    SelfGuideFilters.Vote v = SelfGuideFilters.vote(List.of("A\r\nb", " A\nb\n", "B"), 0.3);
    assertThat(v).isEqualTo(new SelfGuideFilters.Vote(Optional.of("A\nb"), 2, 3, 2.0 / 3, ""));
  }

  @Test
  void voteBelowAgreementFails() {
    List<String> answers = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "a");
    SelfGuideFilters.Vote v = SelfGuideFilters.vote(answers, 0.3);
    assertThat(v.winner()).isEmpty();
    assertThat(v.reason()).isEqualTo("low_agreement");
    assertThat(v.votes()).isEqualTo(2);
    assertThat(v.share()).isEqualTo(0.2);
    assertThat(SelfGuideFilters.describe(v, 0.3)).isEqualTo("top answer has 2 of 10 votes (0.20 < 0.30)");
    assertThat(SelfGuideFilters.vote(List.of("x", "y", "z"), 1.0 / 3).winner()).contains("x");
  }

  @Test
  void voteTiesGoToTheShortestThenTheFirst() {
    assertThat(SelfGuideFilters.vote(List.of("longer", "short", "longer", "short"), 0.3).winner()).contains("short");
    assertThat(SelfGuideFilters.vote(List.of("bb", "aa", "aa", "bb"), 0.3).winner()).contains("bb");
    assertThat(SelfGuideFilters.vote(List.of(), 0.3))
        .isEqualTo(new SelfGuideFilters.Vote(Optional.empty(), 0, 0, 0.0, "empty"));
  }

  @Test
  void labelMapping() {
    List<String> labels = List.of("not spam", "spam");
    assertThat(SelfGuideFilters.mapToLabel(" SPAM\n", labels)).contains("spam");
    assertThat(SelfGuideFilters.mapToLabel("This is not spam.", labels)).contains("not spam");
    assertThat(SelfGuideFilters.mapToLabel("Clearly spam", labels)).contains("spam");
    assertThat(SelfGuideFilters.mapToLabel("I cannot tell", labels)).isEmpty();
    // first label in list order wins when several occur
    assertThat(SelfGuideFilters.mapToLabel("positive or negative", List.of("negative", "positive"))).contains("negative");
  }

  @Test
  void classBalancingDownsamplesToTheSmallestClass() {
    record Ex(String input, String label) {}
    List<Ex> items =
        List.of(new Ex("1", "pos"), new Ex("2", "pos"), new Ex("3", "neg"), new Ex("4", "pos"), new Ex("5", "neu"),
            new Ex("6", "neg"));
    Filtered<Ex> f = ClassBalancer.balance(items, Ex::label, 11L);
    assertThat(f.kept()).hasSize(3);
    assertThat(f.kept()).extracting(Ex::label).containsExactlyInAnyOrder("pos", "neg", "neu");
    assertThat(f.kept()).contains(new Ex("5", "neu"));
    assertThat(f.dropped()).hasSize(3).allMatch(d -> d.reason().equals("class_balance"));
    assertThat(f.dropped())
        .filteredOn(d -> d.item().label().equals("pos"))
        .allMatch(d -> d.detail().equals("class 'pos' has 3 items, smallest class 'neu' has 1"));
    assertThat(ClassBalancer.balance(items, Ex::label, 11L)).isEqualTo(f);
    assertThat(ClassBalancer.balance(List.<Ex>of(), Ex::label, 11L).kept()).isEmpty();
  }
}
