package org.instructsynth.core.dedup;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test texts with many near-duplicates: base sentences plus drop/swap/insert variants and copies. */
public final class NearDuplicates {
  private static final String[] WORDS = {
    "write", "a", "poem", "about", "the", "sea", "list", "three", "tips", "for", "staying",
    "healthy", "explain", "why", "sky", "is", "blue", "give", "me", "an", "example", "of",
    "story", "short", "describe", "your", "favorite", "food", "translate", "this", "sentence",
    "into", "french", "summarize", "article", "in", "one", "line", "generate", "names", "cat",
  };

  private NearDuplicates() {}

  public static List<String> generate(long seed, int n) {
    Random random = new Random(seed);
    List<String> bases = new ArrayList<>();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int kind = random.nextInt(10);
      if (bases.isEmpty() || kind < 3) {
        String base = sentence(random, 3 + random.nextInt(14));
        bases.add(base);
        out.add(base);
      } else if (kind < 8) {
        out.add(perturb(random, bases.get(random.nextInt(bases.size()))));
      } else if (kind < 9) {
        out.add(out.get(random.nextInt(out.size())).toUpperCase(java.util.Locale.ROOT) + "!");
      } else {
        out.add(random.nextBoolean() ? "" : "... ?");
      }
    }
    return out;
  }

  static String sentence(Random random, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return sb.toString();
  }

  static String perturb(Random random, String text) {
    List<String> words = new ArrayList<>(List.of(text.split(" ")));
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits && !words.isEmpty(); e++) {
      int op = random.nextInt(3);
      int at = random.nextInt(words.size());
      if (op == 0 && words.size() > 1) {
        words.remove(at);
      } else if (op == 1) {
        int other = random.nextInt(words.size());
        String w = words.get(at);
        words.set(at, words.get(other));
        words.set(other, w);
      } else {
        words.add(at, WORDS[random.nextInt(WORDS.length)]);
      }
    }
    return String.join(" ", words);
  }
}
