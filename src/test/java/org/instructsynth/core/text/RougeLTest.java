package org.instructsynth.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RougeLTest {

  private static void assertScore(RougeScore s, double p, double r, double f) {
    assertThat(s.precision()).isEqualTo(p);
    assertThat(s.recall()).isEqualTo(r);
    assertThat(s.fmeasure()).isEqualTo(f);
  }

  /** rouge_score rouge_scorer_test: testRougeLConsecutive / testRougeLNonConsecutive. */
  @Test
  void rougeScorePublishedExamples() {
    double p = 2.0 / 2;
    double r = 2.0 / 3;
    double f = 2 * p * r / (p + r);
    assertScore(RougeL.score("testing one two", "testing one"), p, r, f);
    assertScore(RougeL.score("testing one two", "testing two"), p, r, f);
    assertScore(RougeL.score("testing one two", "testing one two"), 1.0, 1.0, 1.0);
    assertScore(RougeL.score("testing one two", ""), 0, 0, 0);
    assertScore(RougeL.score("", "testing one two"), 0, 0, 0);
  }

  @Test
  void targetAndPredictionRolesFollowRougeScore() {
    // target 3 tokens, prediction 5 tokens, LCS 2 ("the cat").
    RougeScore s = RougeL.score("the cat sat", "the big fat cat ran");
    double p = 2.0 / 5;
    double r = 2.0 / 3;
    assertScore(s, p, r, 2 * p * r / (p + r));
  }

  @Test
  void sevenTokensInsideThirteenScoresAboveSevenTenths() {
    String inner = "give three tips for staying healthy today";
    String outer = "please give me three short tips for staying very healthy and happy today";
    assertThat(new RougeScoreTokenizer(false).tokenize(inner)).hasSize(7);
    assertThat(new RougeScoreTokenizer(false).tokenize(outer)).hasSize(13);
    double p = 7.0 / 7;
    double r = 7.0 / 13;
    double f = RougeL.score(outer, inner).fmeasure();
    assertThat(f).isEqualTo(2 * p * r / (p + r));
    assertThat(f).isEqualTo(0.7000000000000001);
    assertThat(2.0 * 7 / (7 + 13)).isEqualTo(0.7);
    assertThat(RougeL.fmeasure(7, 13, 7)).isEqualTo(f);
    assertThat(RougeL.fmeasure(7, 7, 13)).isEqualTo(f);
  }

  @Test
  void tiesAndOrder() {
    // LCS of "a b c d" and "d c b a" is 1.
    double q = 1.0 / 4;
    assertScore(RougeL.score("a b c d", "d c b a"), q, q, 2 * q * q / (q + q));
    assertScore(RougeL.score("x y", "z w"), 0, 0, 0);
  }

  @Test
  void punctuationDigitsAndCase() {
    assertScore(RougeL.score("!!! ... ???", "?!"), 0, 0, 0);
    double h = 3.0 / 4;
    assertScore(RougeL.score("Add 2 and 3.", "add 2, and 4"), h, h, 2 * h * h / (h + h));
    assertThat(new RougeScoreTokenizer(false).tokenize("  Hello,WORLD!! 42nd-street  "))
        .containsExactly("hello", "world", "42nd", "street");
  }

  @Test
  void nonAscii() {
    RougeScoreTokenizer tok = new RougeScoreTokenizer(false);
    assertThat(tok.tokenize("Café au lait")).containsExactly("caf", "au", "lait");
    double t = 2.0 / 3;
    assertScore(RougeL.score("Café au lait", "cafe au lait"), t, t, 2 * t * t / (t + t));
    assertThat(tok.tokenize("今天天气很好")).isEmpty();
    assertScore(RougeL.score("今天天气很好", "今天天气很好"), 0, 0, 0);
    // Python: "\u0130".lower() == "i\u0307" and "\u212a".lower() == "k".
    assertThat(tok.tokenize("\u0130stanbul \u212Aelvin")).containsExactly("i", "stanbul", "kelvin");
    assertThat(tok.tokenize("A\u0130B")).containsExactly("ai", "b");
  }

  /**
   * Only U+0130 and U+212A lower-case into ASCII letters or digits, which is what lets
   * {@link RougeScoreTokenizer} skip a full {@code str.lower()}.
   */
  @Test
  void onlyTwoNonAsciiCharactersLowerCaseIntoAscii() {
    List<Integer> found = new ArrayList<>();
    for (int cp = 0x80; cp <= Character.MAX_CODE_POINT; cp++) {
      String lower = new String(Character.toChars(cp)).toLowerCase(Locale.ROOT);
      for (int i = 0; i < lower.length(); i++) {
        char c = lower.charAt(i);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
          found.add(cp);
          break;
        }
      }
    }
    assertThat(found).containsExactly(0x130, 0x212A);
  }

  @Test
  void stemmerOnAndOff() {
    assertScore(RougeL.score("running quickly", "runs quick", false), 0, 0, 0);
    // stemmed: [run, quickli] vs [run, quick]
    double h = 1.0 / 2;
    assertScore(RougeL.score("running quickly", "runs quick", true), h, h, 2 * h * h / (h + h));
    // tokens of length <= 3 are not stemmed: "ies" stays, "dies" -> "die".
    assertThat(new RougeScoreTokenizer(true).tokenize("ies dies"))
        .containsExactly("ies", "die");
  }

  @Test
  void longTextsMatchDynamicProgramming() {
    Random random = new Random(7);
    String[] words = {"alpha", "beta", "gamma", "delta", "eps"};
    for (int trial = 0; trial < 200; trial++) {
      StringBuilder a = new StringBuilder();
      StringBuilder b = new StringBuilder();
      int la = random.nextInt(200);
      int lb = random.nextInt(200);
      for (int i = 0; i < la; i++) {
        a.append(words[random.nextInt(words.length)]).append(' ');
      }
      for (int i = 0; i < lb; i++) {
        b.append(words[random.nextInt(words.length)]).append(". ");
      }
      TokenInterner interner = new TokenInterner();
      RougeScoreTokenizer tok = new RougeScoreTokenizer(false);
      int[] ta = interner.ids(tok.tokenize(a.toString()));
      int[] tb = interner.ids(tok.tokenize(b.toString()));
      RougeScore expected =
          la == 0 || lb == 0
              ? RougeScore.ZERO
              : RougeL.score(Lcs.dynamicProgramming(ta, tb), la, lb);
      assertThat(RougeL.score(a.toString(), b.toString())).isEqualTo(expected);
      assertThat(RougeL.score(ta, tb)).isEqualTo(expected);
    }
  }

  @Test
  void rawStringPathEqualsTokenListPath() {
    Random random = new Random(99);
    String alphabet = "aAbB cC1 2,.\u0130\u212A\u00e9\u4e2d-";
    RougeScoreTokenizer tok = new RougeScoreTokenizer(false);
    for (int trial = 0; trial < 5000; trial++) {
      String a = randomText(random, alphabet, random.nextInt(120));
      String b = randomText(random, alphabet, random.nextInt(120));
      RougeScore expected = RougeL.score(tok.tokenize(a), tok.tokenize(b));
      assertThat(RougeL.score(a, b)).as("%s | %s", a, b).isEqualTo(expected);
    }
  }

  private static String randomText(Random random, String alphabet, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  @Test
  void tokenizerByName() {
    assertThat(Tokenizer.byName("rouge-score", true)).isEqualTo(new RougeScoreTokenizer(true));
    assertThat(Tokenizer.byName("unicode", false)).isEqualTo(new UnicodeTokenizer());
    assertThatThrownBy(() -> Tokenizer.byName("whitespace", false))
        .hasMessageContaining("'whitespace'")
        .hasMessageContaining("rouge-score");
  }

  @Test
  void unicodeTokenizer() {
    UnicodeTokenizer tok = new UnicodeTokenizer();
    assertThat(tok.tokenize("今天天气很好!")).containsExactly("今", "天", "天", "气", "很", "好");
    assertThat(tok.tokenize("Café, ÜBER 42 straße")).containsExactly("café", "über", "42", "straße");
    assertThat(tok.tokenize("Привет мир")).containsExactly("привет", "мир");
    assertThat(tok.tokenize("東京タワーとソウル")).containsExactly("東", "京", "タ", "ワ", "ー", "と", "ソ", "ウ", "ル");
    assertThat(tok.tokenize("서울 abc")).containsExactly("서", "울", "abc");
  }
}
