package org.instructsynth.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Synthetic near-duplicates for benchmarks: record {@code i} is a base text chosen by a seeded hash of
 * {@code i}, with 0 to 3 word drops, swaps or insertions (about a quarter are unchanged copies), so a
 * large set made from Alpaca has many true ROUGE-L pairs. Deterministic in {@code i}.
 */
public final class Perturbation {
  private Perturbation() {}

  /** The index of the base text record {@code i} starts from. */
  public static int baseIndex(long i, int baseSize) {
    return new Random(i * 0x9E3779B97F4A7C15L + 17).nextInt(baseSize);
  }

  /** Record {@code i}'s text. */
  public static String text(List<String> texts, long i) {
    Random random = new Random(i * 0x9E3779B97F4A7C15L + 17);
    List<String> words = new ArrayList<>(Arrays.asList(texts.get(random.nextInt(texts.size())).split(" ")));
    int edits = random.nextInt(4);
    for (int e = 0; e < edits && !words.isEmpty(); e++) {
      int at = random.nextInt(words.size());
      switch (random.nextInt(3)) {
        case 0 -> {
          if (words.size() > 1) {
            words.remove(at);
          }
        }
        case 1 -> {
          int other = random.nextInt(words.size());
          String w = words.get(at);
          words.set(at, words.get(other));
          words.set(other, w);
        }
        default -> {
          String[] donor = texts.get(random.nextInt(texts.size())).split(" ");
          words.add(at, donor[random.nextInt(donor.length)]);
        }
      }
    }
    return String.join(" ", words);
  }
}
