package org.instructsynth.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PorterStemmerTest {

  /** NLTK's Porter doctest (nltk/test/stem.doctest), NLTK_EXTENSIONS mode. */
  @ParameterizedTest
  @CsvSource({
    "caresses, caress",
    "flies, fli",
    "dies, die",
    "mules, mule",
    "denied, deni",
    "died, die",
    "agreed, agre",
    "owned, own",
    "humbled, humbl",
    "sized, size",
    "meeting, meet",
    "stating, state",
    "siezing, siez",
    "itemization, item",
    "sensational, sensat",
    "traditional, tradit",
    "reference, refer",
    "colonizer, colon",
    "plotted, plot",
  })
  void nltkDoctest(String word, String expected) {
    assertThat(PorterStemmer.stem(word)).isEqualTo(expected);
  }

  /** The irregular-forms table of porter.py (NLTK_EXTENSIONS only). */
  @ParameterizedTest
  @CsvSource({
    "sky, sky", "skies, sky", "dying, die", "lying, lie", "tying, tie", "news, news",
    "innings, inning", "inning, inning", "outings, outing", "cannings, canning", "howe, howe",
    "proceed, proceed", "exceed, exceed", "succeed, succeed",
  })
  void irregularForms(String word, String expected) {
    assertThat(PorterStemmer.stem(word)).isEqualTo(expected);
  }

  /** Examples from Porter (1980), traced through the rules as porter.py applies them. */
  @ParameterizedTest
  @CsvSource({
    "ponies, poni", // step 1a IES -> I
    "ties, tie", // NLTK: four-letter -ies -> -ie
    "cats, cat",
    "caress, caress",
    "feed, feed", // (m>0) EED: m(f) = 0
    "plastered, plaster",
    "bled, bled", // no vowel before -ed
    "motoring, motor",
    "sing, sing",
    "hopping, hop", // *d -> single letter
    "falling, fall", // ...except l, s, z
    "hissing, hiss",
    "filing, file", // m=1 and *o -> E
    "failing, fail",
    "spied, spi", // NLTK -ied rule
    "happy, happi", // (*c and not c) Y -> I
    "enjoy, enjoy",
    "relational, relat", // ATIONAL -> ATE, then step 5a
    "conditional, condit", // TIONAL -> TION, then (*t) ION
    "generalizations, gener", // s, IZATION -> IZE, ALIZE -> AL, AL
    "triplicate, triplic", // ICATE -> IC
    "controll, control", // step 5b
    "roll, roll",
    "oed, o", // NLTK test_oed_bug
    "running, run",
    "quickly, quickli",
    "runs, run",
  })
  void paperAndRuleExamples(String word, String expected) {
    assertThat(PorterStemmer.stem(word)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void shortWordsAreUnchanged() {
    assertThat(PorterStemmer.stem("y")).isEqualTo("y");
    assertThat(PorterStemmer.stem("is")).isEqualTo("is");
  }

  @org.junit.jupiter.api.Test
  void measureMatchesThePaper() {
    // Porter (1980): m=0 TR, EE, TREE, Y, BY; m=1 TROUBLE, OATS, TREES, IVY; m=2 TROUBLES,
    // PRIVATE, OATEN, ORRERY.
    for (String w : new String[] {"tr", "ee", "tree", "y", "by"}) {
      assertThat(PorterStemmer.measure(w)).as(w).isZero();
    }
    for (String w : new String[] {"trouble", "oats", "trees", "ivy"}) {
      assertThat(PorterStemmer.measure(w)).as(w).isEqualTo(1);
    }
    for (String w : new String[] {"troubles", "private", "oaten", "orrery"}) {
      assertThat(PorterStemmer.measure(w)).as(w).isEqualTo(2);
    }
  }
}
