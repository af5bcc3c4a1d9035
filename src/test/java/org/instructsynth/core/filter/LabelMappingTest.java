package org.instructsynth.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LabelMapping}: self-guide/utils/output_annotation.py lines 19-24. */
class LabelMappingTest {

  @Test
  void thePapersRuleIsTheFirstCaseSensitiveSubstringInLabelOrder() {
    // SG-22 (output_annotation.py L15-23): no case-insensitive match; label order decides
    LabelMapping m = new LabelMapping(List.of("not spam", "spam"));
    assertThat(m.label(" SPAM\n")).isEmpty();
    assertThat(m.label("Not spam")).contains("spam"); // "not spam" is not in it, "spam" is
    assertThat(m.label("This is not spam.")).contains("not spam");
    assertThat(m.label("spam")).contains("spam");
    assertThat(new LabelMapping(List.of("spam", "not spam")).label("not spam")).contains("spam");
  }

  @Test
  void exactIgnoringCaseThenFirstSubstringInLabelOrder() {
    LabelMapping m = new LabelMapping(List.of("not spam", "spam"), true);
    assertThat(m.label(" SPAM\n")).contains("spam");
    assertThat(m.label("\u00A0spam\u3000")).contains("spam"); // Python strip: Unicode whitespace
    assertThat(m.label("This is not spam.")).contains("not spam");
    assertThat(m.label("Clearly spam")).contains("spam");
    assertThat(m.label("SPAM!")).isEmpty(); // the substring test is case-sensitive
    assertThat(new LabelMapping(List.of("negative", "positive"), true).label("positive or negative")).contains("negative");
  }

  @Test
  void noLabelDrops() {
    LabelMapping m = new LabelMapping(List.of("yes", "no"));
    assertThat(m.apply("Maybe")).isEqualTo(Verdict.drop("no_label", "names none of [yes, no]"));
    assertThat(m.apply("yes").kept()).isTrue();
  }
}
