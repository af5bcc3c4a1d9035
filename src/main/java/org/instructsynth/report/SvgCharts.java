package org.instructsynth.report;

import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts for the HTML report: no scripts, no external references, every label escaped.
 * Charts scale to the page width through {@code viewBox}; text inherits the page's font.
 *
 * <p>Empty data renders a small "No data" placeholder; zero counts render as zero-width bars with
 * their label and value, and an all-zero chart does not divide by zero.
 */
public final class SvgCharts {

  /** One labelled bar. */
  public record Bar(String label, long value) {}

  /** One histogram bin {@code [lo, hi)} and its count. */
  public record Bin(double lo, double hi, long count) {}

  static final String INK = "#1f2933";
  static final String MUTED = "#616e7c";
  static final String GRID = "#e4e7eb";

  private static final int WIDTH = 720;
  private static final int LABEL_WIDTH = 220;
  private static final int VALUE_WIDTH = 90;
  private static final int ROW = 26;
  private static final int BAR = 16;
  /** Widest label column; longer labels wrap onto more lines instead of being cut. */
  private static final int MAX_LABEL_WIDTH = 460;
  /** Average advance of a 13 px system-ui character, rounded up so labels never overrun. */
  private static final double CHAR_WIDTH = 7.4;
  private static final int LINE = 15;

  /** One line of a line chart. */
  public record Series(String name, String colour, long[] values) {}

  private SvgCharts() {}

  /**
   * Horizontal bars, one row per bar, label on the left and formatted value at the bar's end.
   *
   * @param title the accessible name of the chart ({@code <title>} and {@code aria-label})
   * @param colour a CSS colour such as {@code #2f6fde}
   */
  public static String horizontalBars(String title, List<Bar> bars, String colour) {
    if (bars == null || bars.isEmpty()) {
      return noData(title);
    }
    long max = 0;
    int longest = 0;
    for (Bar bar : bars) {
      max = Math.max(max, bar.value());
      String label = bar.label() == null ? "" : bar.label();
      longest = Math.max(longest, label.codePointCount(0, label.length()));
    }
    // The label column widens to the longest label (up to MAX_LABEL_WIDTH), then labels wrap; none is cut.
    int labelWidth = (int) Math.min(MAX_LABEL_WIDTH, Math.max(LABEL_WIDTH, Math.ceil(longest * CHAR_WIDTH) + 16));
    int lineChars = (int) ((labelWidth - 16) / CHAR_WIDTH);
    int plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    int width = labelWidth + plot + VALUE_WIDTH;
    List<List<String>> wrapped = new java.util.ArrayList<>();
    int height = 8;
    for (Bar bar : bars) {
      List<String> lines = wrap(bar.label() == null ? "" : bar.label(), lineChars);
      wrapped.add(lines);
      height += ROW + (lines.size() - 1) * LINE;
    }
    StringBuilder svg = open(title, width, height);
    int y = 4;
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      List<String> lines = wrapped.get(i);
      double barWidth = max <= 0 ? 0 : plot * Math.max(0, bar.value()) / (double) max;
      String label = bar.label() == null ? "" : bar.label();
      svg.append("<g>");
      svg.append("<title>")
          .append(Html.escape(label))
          .append(": ")
          .append(Html.integer(bar.value()))
          .append("</title>");
      svg.append(fmt("<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"13\" fill=\"%s\">", labelWidth - 10, y + BAR - 3, INK));
      for (int l = 0; l < lines.size(); l++) {
        svg.append(fmt("<tspan x=\"%d\" dy=\"%d\">", labelWidth - 10, l == 0 ? 0 : LINE))
            .append(Html.escape(lines.get(l))).append("</tspan>");
      }
      svg.append("</text>");
      svg.append(
          fmt(
              "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" opacity=\"0.12\"/>",
              labelWidth, y, plot, BAR, colour));
      svg.append(
          fmt(
              "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"2\" fill=\"%s\"/>",
              labelWidth, y, barWidth, BAR, colour));
      svg.append(
          fmt(
              "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" fill=\"%s\">",
              labelWidth + barWidth + 6, y + BAR - 3, MUTED));
      svg.append(Html.integer(bar.value())).append("</text>");
      svg.append("</g>");
      y += ROW + (lines.size() - 1) * LINE;
    }
    return svg.append("</svg>").toString();
  }

  /** Splits a label into lines of at most {@code chars} code points, at spaces, underscores or dots when it can. */
  static List<String> wrap(String label, int chars) {
    List<String> lines = new java.util.ArrayList<>();
    String rest = label;
    while (rest.codePointCount(0, rest.length()) > chars) {
      int limit = rest.offsetByCodePoints(0, chars);
      int cut = -1;
      for (int i = limit; i > limit / 2; i--) {
        char c = rest.charAt(i - 1);
        if (c == ' ' || c == '_' || c == '.' || c == '-' || c == '/') {
          cut = i;
          break;
        }
      }
      if (cut < 0) {
        cut = limit;
      }
      lines.add(rest.substring(0, cut).strip());
      rest = rest.substring(cut);
    }
    lines.add(rest.strip());
    return lines;
  }

  /**
   * Lines over a categorical x axis (e.g. rounds), one per series, with a legend, y ticks and a dot per point.
   */
  public static String lines(String title, List<String> xLabels, List<Series> series, String xTitle) {
    if (xLabels == null || xLabels.isEmpty() || series.isEmpty()) {
      return noData(title);
    }
    long max = 0;
    for (Series s : series) {
      for (long v : s.values()) {
        max = Math.max(max, v);
      }
    }
    int left = 84;
    int right = 16;
    int top = 30;
    int plotHeight = 180;
    int bottom = 44;
    int height = top + plotHeight + bottom;
    int plotWidth = WIDTH - left - right;
    double step = xLabels.size() == 1 ? 0 : plotWidth / (double) (xLabels.size() - 1);
    StringBuilder svg = open(title, WIDTH, height);
    long tick = niceStep(max);
    long axisMax = max <= 0 ? 1 : ((max + tick - 1) / tick) * tick;
    for (long t = 0; t <= axisMax; t += tick) {
      double y = top + plotHeight - plotHeight * t / (double) axisMax;
      svg.append(fmt("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>", left, y, left + plotWidth, y, GRID));
      svg.append(fmt("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\" fill=\"%s\">%s</text>",
          left - 6, y + 4, MUTED, Html.integer(t)));
    }
    int labelEvery = Math.max(1, (int) Math.ceil(xLabels.size() / 16.0));
    for (int i = 0; i < xLabels.size(); i += labelEvery) {
      svg.append(fmt("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\" fill=\"%s\">",
          left + i * step, top + plotHeight + 17, MUTED)).append(Html.escape(xLabels.get(i))).append("</text>");
    }
    svg.append(fmt("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\" fill=\"%s\">",
        left + plotWidth / 2, height - 8, INK)).append(Html.escape(xTitle)).append("</text>");
    int legendX = left;
    for (Series s : series) {
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < s.values().length && i < xLabels.size(); i++) {
        double x = left + i * step;
        double y = top + plotHeight - plotHeight * Math.max(0, s.values()[i]) / (double) axisMax;
        points.append(fmt("%.1f,%.1f ", x, y));
        svg.append(fmt("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s round %s: %s</title></circle>", x, y,
            s.colour(), Html.escape(s.name()), Html.escape(xLabels.get(i)), Html.integer(s.values()[i])));
      }
      svg.append(fmt("<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>", points.toString().trim(),
          s.colour()));
      svg.append(fmt("<rect x=\"%d\" y=\"8\" width=\"12\" height=\"12\" fill=\"%s\"/>", legendX, s.colour()));
      svg.append(fmt("<text x=\"%d\" y=\"18\" font-size=\"12\" fill=\"%s\">", legendX + 16, INK))
          .append(Html.escape(s.name())).append("</text>");
      legendX += 30 + (int) Math.ceil(s.name().length() * CHAR_WIDTH);
    }
    return svg.append("</svg>").toString();
  }

  /**
   * A histogram: vertical bars over {@code [lo, hi)} bins in the given order, y axis with count ticks,
   * x axis with bin edges (thinned when crowded) and both axis titles.
   */
  public static String histogram(String title, List<Bin> bins, String xLabel, String colour) {
    if (bins == null || bins.isEmpty()) {
      return noData(title);
    }
    long max = 0;
    for (Bin bin : bins) {
      max = Math.max(max, bin.count());
    }
    int left = 84;
    int right = 16;
    int top = 12;
    int plotHeight = 180;
    int bottom = 52;
    int height = top + plotHeight + bottom;
    int plotWidth = WIDTH - left - right;
    double step = plotWidth / (double) bins.size();
    StringBuilder svg = open(title, WIDTH, height);

    long tick = niceStep(max);
    long axisMax = max <= 0 ? 1 : ((max + tick - 1) / tick) * tick;
    for (long t = 0; t <= axisMax; t += tick) {
      double y = top + plotHeight - plotHeight * t / (double) axisMax;
      svg.append(
          fmt(
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>",
              left, y, left + plotWidth, y, GRID));
      svg.append(
          fmt(
              "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\" fill=\"%s\">%s</text>",
              left - 6, y + 4, MUTED, Html.integer(t)));
    }

    for (int i = 0; i < bins.size(); i++) {
      Bin bin = bins.get(i);
      double h = plotHeight * Math.max(0, bin.count()) / (double) axisMax;
      double x = left + i * step;
      svg.append("<g><title>")
          .append(Html.escape(number(bin.lo())))
          .append("–")
          .append(Html.escape(number(bin.hi())))
          .append(": ")
          .append(Html.integer(bin.count()))
          .append("</title>");
      svg.append(
          fmt(
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
              x + 1, top + plotHeight - h, Math.max(0.5, step - 2), h, colour));
      svg.append("</g>");
    }

    int labelEvery = Math.max(1, (int) Math.ceil(bins.size() / 12.0));
    for (int i = 0; i <= bins.size(); i++) {
      if (i % labelEvery != 0 && i != bins.size()) {
        continue;
      }
      double edge = i < bins.size() ? bins.get(i).lo() : bins.get(bins.size() - 1).hi();
      double x = left + i * step;
      svg.append(
          fmt(
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>",
              x, top + plotHeight, x, top + plotHeight + 4, MUTED));
      svg.append(
          fmt(
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\" fill=\"%s\">%s</text>",
              x, top + plotHeight + 17, MUTED, Html.escape(number(edge))));
    }
    svg.append(
        fmt(
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>",
            left, top + plotHeight, left + plotWidth, top + plotHeight, MUTED));
    svg.append(
        fmt(
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\" fill=\"%s\">",
            left + plotWidth / 2, height - 8, INK));
    svg.append(Html.escape(xLabel)).append("</text>");
    svg.append(
        fmt(
            "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\" fill=\"%s\" "
                + "transform=\"rotate(-90 14 %d)\">count</text>",
            top + plotHeight / 2, INK, top + plotHeight / 2));
    return svg.append("</svg>").toString();
  }

  /** A 1-2-5 step giving at most about five ticks up to {@code max}. */
  static long niceStep(long max) {
    if (max <= 5) {
      return 1;
    }
    double raw = max / 5.0;
    long magnitude = (long) Math.pow(10, Math.floor(Math.log10(raw)));
    for (long factor : new long[] {1, 2, 5, 10}) {
      if (factor * magnitude >= raw) {
        return factor * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String noData(String title) {
    StringBuilder svg = open(title, WIDTH, 40);
    svg.append(
        fmt(
            "<text x=\"%d\" y=\"25\" text-anchor=\"middle\" font-size=\"13\" fill=\"%s\">No data</text>",
            WIDTH / 2, MUTED));
    return svg.append("</svg>").toString();
  }

  private static StringBuilder open(String title, int width, int height) {
    String name = Html.escape(title == null ? "" : title);
    StringBuilder svg = new StringBuilder(1024);
    svg.append(
        fmt(
            "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                + "aria-label=\"%s\" preserveAspectRatio=\"xMinYMin meet\">",
            width, height, width, height, name));
    svg.append("<title>").append(name).append("</title>");
    return svg;
  }

  private static String number(double value) {
    return Html.number(value);
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
