package org.instructsynth.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** HTML escaping and the number formats of the report, all in {@link Locale#ROOT}. */
final class Html {

  private Html() {}

  /** Escapes {@code & < > " '} so the text is safe in element content and quoted attributes. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code 1234567 -> "1,234,567"}. */
  static String integer(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** Integral values with separators, others with up to two decimals ({@code 0.5 -> "0.50"}). */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return integer((long) value);
    }
    return String.format(Locale.ROOT, "%,.2f", value);
  }

  /** Dollars: four decimals under one dollar, two above ({@code 0.0123 -> "$0.0123"}). */
  static String usd(double value) {
    return Math.abs(value) < 1
        ? String.format(Locale.ROOT, "$%.4f", value)
        : String.format(Locale.ROOT, "$%,.2f", value);
  }

  /** {@code part / whole} as a percentage with one decimal, or an empty string when whole is 0. */
  static String percent(double part, double whole) {
    if (whole == 0) {
      return "";
    }
    return String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }

  /** Milliseconds as {@code 850 ms}, {@code 12.3 s}, {@code 4 min 05 s} or {@code 2 h 03 min}. */
  static String duration(long millis) {
    if (millis < 1_000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, (seconds % 3600) / 60);
  }

  /** An ISO instant as {@code 2026-11-21 05:44:00 UTC}: to the second, whatever precision it was written with. */
  static String timestamp(String iso) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})T(\\d{2}:\\d{2})(:\\d{2})?(\\.\\d+)?Z$").matcher(iso);
    return m.matches() ? m.group(1) + " " + m.group(2) + (m.group(3) == null ? ":00" : m.group(3)) + " UTC" : iso;
  }

  // Page building blocks shared by the report's section renderers.

  static void section(StringBuilder html, String id, String title, String lead) {
    html.append("<section id=\"").append(id).append("\">\n<h2>").append(escape(title)).append("</h2>\n");
    if (!lead.isEmpty()) {
      html.append("<p class=\"lead\">").append(escape(lead)).append("</p>\n");
    }
  }

  static void figure(StringBuilder html, String svg, String caption) {
    html.append("<figure>").append(svg).append("<figcaption class=\"sr\">")
        .append(escape(caption)).append("</figcaption></figure>\n");
  }

  static void numCell(StringBuilder html, JsonNode value) {
    if (value.isNumber()) {
      cell(html, number(value.asDouble()));
    } else {
      cell(html, value.isMissingNode() || value.isNull() ? "" : value.asText());
    }
  }

  /** A number cell; blank when the report lacks the figure. */
  static void numCell(StringBuilder html, Number value) {
    cell(html, value == null ? "" : number(value.doubleValue()));
  }

  /** {@code value}, or "" when absent. */
  static String text(String value) {
    return value == null ? "" : value;
  }

  static void cell(StringBuilder html, String text) {
    html.append("<td class=\"num\">").append(escape(text)).append("</td>");
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "" : value.asText();
  }

  static String capitalise(String text) {
    return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
