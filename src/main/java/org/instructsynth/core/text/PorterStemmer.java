package org.instructsynth.core.text;

import java.util.Map;

/**
 * Porter stemmer, a line-for-line port of NLTK's {@code nltk/stem/porter.py} in its default
 * {@code NLTK_EXTENSIONS} mode (the mode rouge_score's {@code tokenizers.DefaultTokenizer} gets from
 * {@code porter.PorterStemmer()}), including its table of irregular forms.
 *
 * <p>Reference: M. Porter, "An algorithm for suffix stripping", Program 14.3 (1980) 130-137, with
 * NLTK's departures (irregular forms, {@code ies}/{@code ied} on four-letter words, the
 * {@code (*c and not c) Y -> I} rule, {@code alli}, {@code fulli}, {@code logi}, the two-letter
 * {@code *o} case and no stemming of words of length at most 2).
 *
 * <p>Input must already be lower case, as rouge_score passes it. Stateless and thread-safe.
 */
public final class PorterStemmer {
  private static final Map<String, String> POOL =
      Map.ofEntries(
          Map.entry("sky", "sky"),
          Map.entry("skies", "sky"),
          Map.entry("dying", "die"),
          Map.entry("lying", "lie"),
          Map.entry("tying", "tie"),
          Map.entry("news", "news"),
          Map.entry("innings", "inning"),
          Map.entry("inning", "inning"),
          Map.entry("outings", "outing"),
          Map.entry("outing", "outing"),
          Map.entry("cannings", "canning"),
          Map.entry("canning", "canning"),
          Map.entry("howe", "howe"),
          Map.entry("proceed", "proceed"),
          Map.entry("exceed", "exceed"),
          Map.entry("succeed", "succeed"));

  private PorterStemmer() {}

  /** NLTK {@code PorterStemmer().stem(word, to_lowercase=False)} for a lower-case word. */
  public static String stem(String word) {
    String pooled = POOL.get(word);
    if (pooled != null) {
      return pooled;
    }
    if (word.length() <= 2) {
      return word;
    }
    String stem = step1a(word);
    stem = step1b(stem);
    stem = step1c(stem);
    stem = step2(stem);
    stem = step3(stem);
    stem = step4(stem);
    stem = step5a(stem);
    stem = step5b(stem);
    return stem;
  }

  private static boolean isVowel(char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
  }

  static boolean isConsonant(CharSequence word, int i) {
    // Iterative form of porter.py's recursive _is_consonant: a 'y' is a consonant iff it starts
    // the word or follows a vowel.
    boolean consonant = true;
    for (int k = 0; k <= i; k++) {
      char c = word.charAt(k);
      if (isVowel(c)) {
        consonant = false;
      } else if (c == 'y') {
        consonant = k == 0 || !consonant;
      } else {
        consonant = true;
      }
    }
    return consonant;
  }

  /** Porter's m: the number of "vc" transitions in the word's consonant/vowel pattern. */
  static int measure(CharSequence stem) {
    int n = 0;
    boolean prevVowel = false;
    boolean prevConsonant = true;
    for (int i = 0; i < stem.length(); i++) {
      char c = stem.charAt(i);
      boolean consonant;
      if (isVowel(c)) {
        consonant = false;
      } else if (c == 'y') {
        consonant = i == 0 || !prevConsonant;
      } else {
        consonant = true;
      }
      if (consonant && prevVowel) {
        n++;
      }
      prevVowel = !consonant;
      prevConsonant = consonant;
    }
    return n;
  }

  private static boolean positiveMeasure(String stem) {
    return measure(stem) > 0;
  }

  private static boolean containsVowel(String stem) {
    for (int i = 0; i < stem.length(); i++) {
      if (!isConsonant(stem, i)) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsDoubleConsonant(String word) {
    int n = word.length();
    return n >= 2 && word.charAt(n - 1) == word.charAt(n - 2) && isConsonant(word, n - 1);
  }

  private static boolean endsCvc(String word) {
    int n = word.length();
    if (n >= 3
        && isConsonant(word, n - 3)
        && !isConsonant(word, n - 2)
        && isConsonant(word, n - 1)) {
      char last = word.charAt(n - 1);
      if (last != 'w' && last != 'x' && last != 'y') {
        return true;
      }
    }
    return n == 2 && !isConsonant(word, 0) && isConsonant(word, 1);
  }

  private static String cut(String word, String suffix) {
    return word.substring(0, word.length() - suffix.length());
  }

  @FunctionalInterface
  private interface Condition {
    boolean test(String stem);
  }

  private record Rule(String suffix, String replacement, Condition condition) {}

  /** porter.py {@code _apply_rule_list}: the first rule whose suffix matches decides. */
  private static String applyRuleList(String word, Rule... rules) {
    for (Rule rule : rules) {
      if (word.endsWith(rule.suffix)) {
        String stem = cut(word, rule.suffix);
        if (rule.condition == null || rule.condition.test(stem)) {
          return stem + rule.replacement;
        }
        return word;
      }
    }
    return word;
  }

  private static String step1a(String word) {
    if (word.endsWith("ies") && word.length() == 4) {
      return cut(word, "ies") + "ie";
    }
    return applyRuleList(
        word,
        new Rule("sses", "ss", null),
        new Rule("ies", "i", null),
        new Rule("ss", "ss", null),
        new Rule("s", "", null));
  }

  private static String step1b(String word) {
    if (word.endsWith("ied")) {
      return word.length() == 4 ? cut(word, "ied") + "ie" : cut(word, "ied") + "i";
    }
    if (word.endsWith("eed")) {
      String stem = cut(word, "eed");
      return measure(stem) > 0 ? stem + "ee" : word;
    }
    String intermediate = null;
    if (word.endsWith("ed") && containsVowel(cut(word, "ed"))) {
      intermediate = cut(word, "ed");
    } else if (word.endsWith("ing") && containsVowel(cut(word, "ing"))) {
      intermediate = cut(word, "ing");
    }
    if (intermediate == null) {
      return word;
    }
    if (intermediate.endsWith("at")) {
      return cut(intermediate, "at") + "ate";
    }
    if (intermediate.endsWith("bl")) {
      return cut(intermediate, "bl") + "ble";
    }
    if (intermediate.endsWith("iz")) {
      return cut(intermediate, "iz") + "ize";
    }
    if (endsDoubleConsonant(intermediate)) {
      char last = intermediate.charAt(intermediate.length() - 1);
      if (last != 'l' && last != 's' && last != 'z') {
        return intermediate.substring(0, intermediate.length() - 2) + last;
      }
      return intermediate;
    }
    if (measure(intermediate) == 1 && endsCvc(intermediate)) {
      return intermediate + "e";
    }
    return intermediate;
  }

  private static String step1c(String word) {
    if (word.endsWith("y")) {
      String stem = cut(word, "y");
      if (stem.length() > 1 && isConsonant(stem, stem.length() - 1)) {
        return stem + "i";
      }
    }
    return word;
  }

  private static String step2(String word) {
    if (word.endsWith("alli") && positiveMeasure(cut(word, "alli"))) {
      return step2(cut(word, "alli") + "al");
    }
    Condition m0 = PorterStemmer::positiveMeasure;
    return applyRuleList(
        word,
        new Rule("ational", "ate", m0),
        new Rule("tional", "tion", m0),
        new Rule("enci", "ence", m0),
        new Rule("anci", "ance", m0),
        new Rule("izer", "ize", m0),
        new Rule("bli", "ble", m0),
        new Rule("alli", "al", m0),
        new Rule("entli", "ent", m0),
        new Rule("eli", "e", m0),
        new Rule("ousli", "ous", m0),
        new Rule("ization", "ize", m0),
        new Rule("ation", "ate", m0),
        new Rule("ator", "ate", m0),
        new Rule("alism", "al", m0),
        new Rule("iveness", "ive", m0),
        new Rule("fulness", "ful", m0),
        new Rule("ousness", "ous", m0),
        new Rule("aliti", "al", m0),
        new Rule("iviti", "ive", m0),
        new Rule("biliti", "ble", m0),
        new Rule("fulli", "ful", m0),
        // The 'l' of 'logi' stays with the stem when measuring (Barry Wilkins' extension).
        new Rule("logi", "log", stem -> positiveMeasure(word.substring(0, word.length() - 3))));
  }

  private static String step3(String word) {
    Condition m0 = PorterStemmer::positiveMeasure;
    return applyRuleList(
        word,
        new Rule("icate", "ic", m0),
        new Rule("ative", "", m0),
        new Rule("alize", "al", m0),
        new Rule("iciti", "ic", m0),
        new Rule("ical", "ic", m0),
        new Rule("ful", "", m0),
        new Rule("ness", "", m0));
  }

  private static String step4(String word) {
    Condition m1 = stem -> measure(stem) > 1;
    return applyRuleList(
        word,
        new Rule("al", "", m1),
        new Rule("ance", "", m1),
        new Rule("ence", "", m1),
        new Rule("er", "", m1),
        new Rule("ic", "", m1),
        new Rule("able", "", m1),
        new Rule("ible", "", m1),
        new Rule("ant", "", m1),
        new Rule("ement", "", m1),
        new Rule("ment", "", m1),
        new Rule("ent", "", m1),
        new Rule(
            "ion",
            "",
            stem ->
                measure(stem) > 1
                    && (stem.charAt(stem.length() - 1) == 's'
                        || stem.charAt(stem.length() - 1) == 't')),
        new Rule("ou", "", m1),
        new Rule("ism", "", m1),
        new Rule("ate", "", m1),
        new Rule("iti", "", m1),
        new Rule("ous", "", m1),
        new Rule("ive", "", m1),
        new Rule("ize", "", m1));
  }

  private static String step5a(String word) {
    if (word.endsWith("e")) {
      String stem = cut(word, "e");
      int m = measure(stem);
      if (m > 1) {
        return stem;
      }
      if (m == 1 && !endsCvc(stem)) {
        return stem;
      }
    }
    return word;
  }

  private static String step5b(String word) {
    if (word.endsWith("ll") && measure(word.substring(0, word.length() - 1)) > 1) {
      return word.substring(0, word.length() - 1);
    }
    return word;
  }
}
