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
  private static final int MAX_LABEL_CHARS = 32;

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
    for (Bar bar : bars) {
      max = Math.max(max, bar.value());
    }
    int plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    int height = bars.size() * ROW + 8;
    StringBuilder svg = open(title, WIDTH, height);
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      int y = 4 + i * ROW;
      double width = max <= 0 ? 0 : plot * Math.max(0, bar.value()) / (double) max;
      String label = bar.label() == null ? "" : bar.label();
      svg.append("<g>");
      svg.append("<title>")
          .append(Html.escape(label))
          .append(": ")
          .append(Html.integer(bar.value()))
          .append("</title>");
      svg.append(
          fmt(
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"13\" fill=\"%s\">",
              LABEL_WIDTH - 10, y + BAR - 3, INK));
      svg.append(Html.escape(truncate(label))).append("</text>");
      svg.append(
          fmt(
              "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" opacity=\"0.12\"/>",
              LABEL_WIDTH, y, plot, BAR, colour));
      svg.append(
          fmt(
              "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"2\" fill=\"%s\"/>",
              LABEL_WIDTH, y, width, BAR, colour));
      svg.append(
          fmt(
              "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" fill=\"%s\">",
              LABEL_WIDTH + width + 6, y + BAR - 3, MUTED));
      svg.append(Html.integer(bar.value())).append("</text>");
      svg.append("</g>");
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

  private static String truncate(String label) {
    int length = label.codePointCount(0, label.length());
    if (length <= MAX_LABEL_CHARS) {
      return label;
    }
    int end = label.offsetByCodePoints(0, MAX_LABEL_CHARS - 1);
    return label.substring(0, end) + "…";
  }

  private static String number(double value) {
    return Html.number(value);
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
