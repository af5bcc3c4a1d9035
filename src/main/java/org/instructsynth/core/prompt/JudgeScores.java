package org.instructsynth.core.prompt;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a 1-10 judge score from free text.
 *
 * <p>Rule: markdown emphasis and heading marks ({@code *}, {@code _}, {@code #}) are removed, then
 * the first of these levels that matches decides, and within a level the <em>last</em> match wins
 * (judges put their verdict at the end, after discussing):
 *
 * <ol>
 *   <li>a labelled score: {@code score}, {@code rating}, {@code grade}, {@code rated} or {@code rate}
 *       followed by an optional {@code is}/{@code of}/{@code :}/{@code =} and a number, e.g.
 *       {@code "Score: 8"}, {@code "Rating: 7.5"}, {@code "Score 8/10"};
 *   <li>a number out of ten: {@code "8/10"}, {@code "8 out of 10"};
 *   <li>otherwise, after removing scale mentions such as {@code "1 to 10"} and {@code "1-10"}, the
 *       only number in the text; several numbers are ambiguous.
 * </ol>
 *
 * A structured answer {@code {"score": N, ...}} ({@link #RESPONSE_FORMAT}) is read first.
 * A value outside [1, 10], no number, or an ambiguous text is {@code unparseable_response}.
 */
public final class JudgeScores {
  private JudgeScores() {}

  private static final String NUMBER = "(\\d+(?:\\.\\d+)?)";
  private static final Pattern LABELLED =
      Pattern.compile(
          "\\b(?:score|rating|grade|rated|rate)\\b\\s*(?:is|of|=|:|-)?\\s*:?\\s*" + NUMBER + "(?![\\d.]*\\d)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern OUT_OF_TEN =
      Pattern.compile(NUMBER + "\\s*(?:/|out\\s+of)\\s*10(?!\\d)", Pattern.CASE_INSENSITIVE);
  private static final Pattern SCALE =
      Pattern.compile("\\b1\\s*(?:-|–|to)\\s*10\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern ANY_NUMBER = Pattern.compile("(?<![\\d.])" + NUMBER);
  private static final Pattern JSON_SCORE = Pattern.compile("^\\s*\\{\\s*\"score\"\\s*:\\s*" + NUMBER + "\\s*[,}]");

  /**
   * The {@code response_format} a judge call sends when {@code llm.structured-outputs} is on: a JSON
   * object {@code {"score": <number>}} (OpenAI structured outputs, strict), which {@link #parse} reads.
   */
  public static final String RESPONSE_FORMAT = "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"judge_score\",\"strict\":true,"
      + "\"schema\":{\"type\":\"object\",\"properties\":{\"score\":{\"type\":\"number\","
      + "\"description\":\"the answer's score from 1 (worst) to 10 (best)\"}},\"required\":[\"score\"],"
      + "\"additionalProperties\":false}}}";

  public static Parsed<Double> parse(String response) {
    String raw = Texts.normaliseNewlines(response);
    Matcher json = JSON_SCORE.matcher(raw);
    String text = raw.replaceAll("[*_#]", "");
    String value = json.find() ? json.group(1) : last(LABELLED, text);
    if (value == null) {
      value = last(OUT_OF_TEN, text);
    }
    if (value == null) {
      Matcher m = ANY_NUMBER.matcher(SCALE.matcher(text).replaceAll(" "));
      int count = 0;
      while (m.find()) {
        count++;
        value = m.group(1);
      }
      if (count == 0) {
        return Parsed.unparseable("no score in the judge's answer", raw);
      }
      if (count > 1) {
        return Parsed.unparseable(
            "ambiguous: " + count + " numbers and no 'Score:' label or 'N/10'", raw);
      }
    }
    double score = Double.parseDouble(value);
    if (score < 1.0 || score > 10.0) {
      return Parsed.unparseable(String.format(Locale.ROOT, "score %s outside 1..10", value), raw);
    }
    return Parsed.of(List.of(score), List.of());
  }

  /**
   * The {@code response_format} of a judge call that rates all candidates ({@code distill.judge.mode:
   * together}) when {@code llm.structured-outputs} is on: {@code {"scores": [<number>, ...]}}, one per
   * answer in order, which {@link #parseAll} reads.
   */
  public static final String RESPONSE_FORMAT_ALL = "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"judge_scores\",\"strict\":true,"
      + "\"schema\":{\"type\":\"object\",\"properties\":{\"scores\":{\"type\":\"array\",\"items\":{\"type\":\"number\"},"
      + "\"description\":\"one score per answer, in the order shown, from 1 (worst) to 10 (best)\"}},\"required\":[\"scores\"],"
      + "\"additionalProperties\":false}}}";

  private static final Pattern ANSWER_SCORE = Pattern.compile(
      "(?im)^[ \\t>*_#-]*\\[?answer\\s*(\\d+)\\]?[ \\t*_]*(?:[:=\\-\\u2013]|\\bscore\\b|\\brating\\b)[ \\t*_:=\\-]*"
          + "(?:score|rating)?[ \\t*_:=]*" + NUMBER + "(?:\\s*(?:/|out\\s+of)\\s*10)?[ \\t*_.]*$");
  private static final Pattern JSON_SCORES = Pattern.compile("^\\s*\\{\\s*\"scores\"\\s*:\\s*\\[([^\\]]*)\\]");

  /**
   * Reads the scores of {@code count} answers rated in one response ({@link PromptTemplates#DISTILL_JUDGE_ALL}):
   * a structured {@code {"scores": [...]}} first; else, per answer, the last line of the form
   * {@code Answer N: 7} (also {@code Answer N - 7/10}, {@code **Answer N**: 7}, {@code [Answer N] Score: 7}).
   * The result has one entry per answer, in order; an answer without a readable score in 1..10 is
   * {@code null} (the others still count). Unparseable when no answer has a score, or a structured
   * list has the wrong length.
   */
  public static Parsed<List<Double>> parseAll(String response, int count) {
    String raw = Texts.normaliseNewlines(response);
    Double[] scores = new Double[count];
    Matcher json = JSON_SCORES.matcher(raw);
    if (json.find()) {
      String[] parts = json.group(1).isBlank() ? new String[0] : json.group(1).split(",");
      if (parts.length != count) {
        return Parsed.unparseable(parts.length + " scores for " + count + " answers", raw);
      }
      for (int i = 0; i < count; i++) {
        scores[i] = inRange(parts[i].strip());
      }
    } else {
      Matcher m = ANSWER_SCORE.matcher(raw);
      while (m.find()) {
        int n = Integer.parseInt(m.group(1));
        if (n >= 1 && n <= count) {
          scores[n - 1] = inRange(m.group(2));
        }
      }
    }
    List<Double> out = java.util.Arrays.asList(scores);
    if (out.stream().allMatch(java.util.Objects::isNull)) {
      return Parsed.unparseable("no 'Answer N: score' line for any of the " + count + " answers", raw);
    }
    return Parsed.of(List.of(out), List.of());
  }

  private static Double inRange(String value) {
    try {
      double v = Double.parseDouble(value);
      return v >= 1.0 && v <= 10.0 ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String last(Pattern p, String text) {
    Matcher m = p.matcher(text);
    String found = null;
    while (m.find()) {
      found = m.group(1);
    }
    return found;
  }
}
