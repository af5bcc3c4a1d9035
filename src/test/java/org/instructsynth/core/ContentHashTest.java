package org.instructsynth.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The exact-dedup key folds white space as Python does (the rule book's PythonText), not Java's ASCII \s. */
class ContentHashTest {

  @Test
  void unicodeSpacesFoldLikeASpace() {
    assertThat(ContentHash.normalize("  Hello\u00a0 World\u3000")).isEqualTo("hello world");
    assertThat(ContentHash.normalize("a\u2009b\u202fc\u0085d")).isEqualTo("a b c d");
    assertThat(ContentHash.normalizedKey("Name a\u00a0colour.", "", "Red"))
        .isEqualTo(ContentHash.normalizedKey("name a colour.", null, " red "));
  }

  @Test
  void idsAreOfTheTextAsItIs() {
    assertThat(ContentHash.id("a\u00a0b")).isNotEqualTo(ContentHash.id("a b")).hasSize(32);
    assertThat(ContentHash.normalize(null)).isEmpty();
  }
}
