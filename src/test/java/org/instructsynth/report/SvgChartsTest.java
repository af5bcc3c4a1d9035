package org.instructsynth.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.instructsynth.report.SvgCharts.Bar;
import org.instructsynth.report.SvgCharts.Bin;
import org.junit.jupiter.api.Test;

class SvgChartsTest {

  @Test
  void emptyDataRendersPlaceholder() {
    assertThat(SvgCharts.horizontalBars("t", List.of(), "#000")).contains(">No data</text>").endsWith("</svg>");
    assertThat(SvgCharts.histogram("t", List.of(), "x", "#000")).contains(">No data</text>");
    assertThat(SvgCharts.horizontalBars("t", null, "#000")).contains(">No data</text>");
  }

  @Test
  void allZeroBarsDoNotDivideByZero() {
    String svg = SvgCharts.horizontalBars("t", List.of(new Bar("a", 0), new Bar("b", 0)), "#000");
    assertThat(svg).doesNotContain("NaN").doesNotContain("Infinity").contains("width=\"0.0\"");
    String histogram = SvgCharts.histogram("t", List.of(new Bin(0, 1, 0)), "x", "#000");
    assertThat(histogram).doesNotContain("NaN").contains("height=\"0.0\"");
  }

  @Test
  void barsScaleToTheLargestAndFormatValues() {
    String svg = SvgCharts.horizontalBars("t", List.of(new Bar("big", 1_234_567), new Bar("half", 617_283)), "#000");
    assertThat(svg).contains("width=\"410.0\"").contains(">1,234,567</text>").contains(">617,283</text>");
  }

  @Test
  void labelsAndTitlesAreEscaped() {
    String svg = SvgCharts.horizontalBars("a<b & \"c\"", List.of(new Bar("<script>&", 1)), "#000");
    assertThat(svg)
        .doesNotContain("<script")
        .contains("aria-label=\"a&lt;b &amp; &quot;c&quot;\"")
        .contains("&lt;script&gt;&amp;");
    assertThat(SvgCharts.histogram("h", List.of(new Bin(0, 1, 1)), "<x>", "#000")).contains("&lt;x&gt;");
  }

  @Test
  void longLabelsAreTruncatedButKeptInTheTooltip() {
    String label = "filter · a_very_long_reason_code_that_goes_on_and_on";
    String svg = SvgCharts.horizontalBars("t", List.of(new Bar(label, 1)), "#000");
    assertThat(svg).contains("<title>" + label + ": 1</title>").contains("filter · a_very_long_reason_cod…");
  }

  @Test
  void histogramAxesHaveNiceTicksAndEdgeLabels() {
    assertThat(SvgCharts.niceStep(0)).isEqualTo(1);
    assertThat(SvgCharts.niceStep(5)).isEqualTo(1);
    assertThat(SvgCharts.niceStep(320_000)).isEqualTo(100_000);
    assertThat(SvgCharts.niceStep(37)).isEqualTo(10);
    String svg = SvgCharts.histogram("h", List.of(new Bin(0, 0.5, 3), new Bin(0.5, 1, 7)), "len (words)", "#000");
    assertThat(svg).contains(">0.50</text>").contains(">1</text>").contains(">8</text>").contains(">count</text>")
        .contains(">len (words)</text>");
  }
}
