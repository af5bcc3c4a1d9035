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
  void longLabelsWidenTheLabelColumnAndAreNeverCut() {
    String label = "instance-filter · conflicting_outputs";
    String svg = SvgCharts.horizontalBars("t", List.of(new Bar(label, 1), new Bar("load", 2)), "#000");
    assertThat(svg).contains("<title>" + label + ": 1</title>").contains(">" + label + "</tspan>").doesNotContain("…");
    // 37 characters need a wider label column than the default 220 px; the plot keeps its 410 px.
    assertThat(svg).doesNotContain("viewBox=\"0 0 720 ");
  }

  @Test
  void labelsLongerThanTheWidestColumnWrapOntoMoreLines() {
    String label = "self-instruct-generation-stage · an_extraordinarily_long_reason_code_nobody_would_ever_want_to_read";
    String svg = SvgCharts.horizontalBars("t", List.of(new Bar(label, 1)), "#000");
    assertThat(svg).doesNotContain("…");
    assertThat(SvgCharts.wrap(label, 40)).hasSizeGreaterThan(1).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(40));
    assertThat(String.join("", SvgCharts.wrap(label, 40)).replace(" ", "")).isEqualTo(label.replace(" ", ""));
    assertThat(svg.split("<tspan").length - 1).isGreaterThan(1);
  }

  @Test
  void lineChartHasALegendAndOnePointPerRound() {
    String svg = SvgCharts.lines("rounds", List.of("1", "2", "3"),
        List.of(new SvgCharts.Series("kept", "#0a0", new long[] {19, 0, 7}), new SvgCharts.Series("pool", "#a00", new long[] {19, 19, 26})),
        "round");
    assertThat(svg).contains(">kept</text>").contains(">pool</text>").contains(">round</text>").doesNotContain("NaN");
    assertThat(svg.split("<circle").length - 1).isEqualTo(6);
    assertThat(svg).contains("<title>kept round 2: 0</title>");
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
