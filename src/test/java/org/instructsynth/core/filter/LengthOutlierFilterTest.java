package org.instructsynth.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.instructsynth.core.filter.EmptyFieldFilter.Field;
import org.junit.jupiter.api.Test;

/** {@link LengthOutlierFilter} and its {@link LengthBounds}: length_filter.py line 38. */
class LengthOutlierFilterTest {

  @Test
  void thePapersWindowIsTruncatedAndHalfOpen() {
    // SG-11/SG-18: lengths 31, 24, 31, 27: mean 28.25, population sd 2.947 -> [int(22.36), int(34.14)) = [22, 34)
    LengthBounds b = LengthBounds.of(List.of("x".repeat(31), "x".repeat(24), "x".repeat(31), "x".repeat(27)));
    assertThat(b).isEqualTo(new LengthBounds(22, 34, true));
    assertThat(b.contains("x".repeat(21))).isFalse();
    assertThat(b.contains("x".repeat(22))).isTrue(); // min <= len
    assertThat(b.contains("x".repeat(33))).isTrue();
    assertThat(b.contains("x".repeat(34))).isFalse(); // len < max
    assertThat(b.describe("x".repeat(34))).isEqualTo("length 34 outside [22, 34)");
    // int() truncates toward zero: lengths 1, 1, 1, 20: mean 5.75, sd 8.23 -> [int(-10.7), int(22.2)) = [-10, 22)
    assertThat(LengthBounds.of(List.of("a", "b", "c", "x".repeat(20)))).isEqualTo(new LengthBounds(-10, 22, true));
    // equal lengths: sd 0, an empty window [3, 3) that keeps nothing, as in the source
    assertThat(LengthBounds.of(List.of("abc", "xyz")).contains("def")).isFalse();
  }

  @Test
  void inclusiveWindowIsTheOption() {
    // lengths 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population sd 2 -> [1, 9]
    LengthBounds b = LengthBounds.inclusive(List.of("aa", "bbbb", "cccc", "dddd", "eeeee", "fffff", "ggggggg", "hhhhhhhhh"));
    assertThat(b.lower()).isEqualTo(1.0);
    assertThat(b.upper()).isEqualTo(9.0);
    assertThat(b.contains("a")).isTrue();
    assertThat(b.contains("123456789")).isTrue();
    assertThat(b.contains("")).isFalse();
    assertThat(b.contains("1234567890")).isFalse();
    // equal lengths: sd 0, only that length passes
    LengthBounds same = LengthBounds.inclusive(List.of("abc", "xyz"));
    assertThat(same.contains("def")).isTrue();
    assertThat(same.contains("de")).isFalse();
    assertThatThrownBy(() -> LengthBounds.of(List.of())).hasMessage("length bounds need at least one example, got none");
  }

  @Test
  void dropsOutsideTheWindowInclusiveBoundsCodePoints() {
    LengthOutlierFilter rule = new LengthOutlierFilter(Field.INPUT, new LengthBounds(3, 10));
    assertThat(rule.apply("", "ab", "")).isEqualTo(Verdict.drop("length_outlier", "length 2 outside [3.0, 10.0]"));
    assertThat(rule.apply("", "abc", "").kept()).isTrue();
    assertThat(rule.apply("", "0123456789", "").kept()).isTrue();
    assertThat(rule.apply("", "0123456789x", "").detail()).isEqualTo("length 11 outside [3.0, 10.0]");
    // Python's len: an emoji (surrogate pair) is one; whitespace counts like any character
    assertThat(rule.apply("", "\uD83D\uDE00\uD83D\uDE00", "").detail()).isEqualTo("length 2 outside [3.0, 10.0]");
    assertThat(rule.apply("", "\u00A0\u00A0\u00A0", "").kept()).isTrue();
    assertThat(rule.apply("", null, "").detail()).isEqualTo("length 0 outside [3.0, 10.0]");
    LengthOutlierFilter out = new LengthOutlierFilter(Field.OUTPUT, new LengthBounds(3, 10));
    assertThat(out.apply("", "ab", "abcd").kept()).isTrue();
  }
}
