package org.instructsynth.core.recipe;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import org.instructsynth.core.prompt.ReasonCodes;
import org.instructsynth.core.prompt.Seeds;

/**
 * SELF-GUIDE class balancing: every class present is downsampled to the size of the smallest one
 * (zhaochenyang20/Prompt2Model-Self-Distill {@code self-guide/utils/output_annotation.py}, the
 * {@code min_count} loop). Classes absent from the items do not count. Deterministic: classes are
 * visited in label order and each draws its sample from {@code Seeds.random(seed)}; kept items stay
 * in input order.
 */
public final class ClassBalancer {
  private ClassBalancer() {}

  public static <T> Filtered<T> balance(List<T> items, Function<T, String> labelOf, long seed) {
    Map<String, List<Integer>> byLabel = new TreeMap<>();
    for (int i = 0; i < items.size(); i++) {
      byLabel.computeIfAbsent(labelOf.apply(items.get(i)), k -> new ArrayList<>()).add(i);
    }
    if (byLabel.isEmpty()) {
      return new Filtered<>(List.of(), List.of());
    }
    int min = Integer.MAX_VALUE;
    String smallest = "";
    for (Map.Entry<String, List<Integer>> e : byLabel.entrySet()) {
      if (e.getValue().size() < min) {
        min = e.getValue().size();
        smallest = e.getKey();
      }
    }
    SplittableRandom rng = Seeds.random(seed);
    Set<Integer> keep = new HashSet<>();
    for (List<Integer> idx : byLabel.values()) {
      keep.addAll(Seeds.sample(idx, min, rng));
    }
    List<T> kept = new ArrayList<>();
    List<Dropped<T>> dropped = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      T item = items.get(i);
      if (keep.contains(i)) {
        kept.add(item);
      } else {
        String label = labelOf.apply(item);
        dropped.add(
            new Dropped<>(
                item,
                ReasonCodes.CLASS_BALANCE,
                "class '" + label + "' has " + byLabel.get(label).size() + " items, smallest class '" + smallest
                    + "' has " + min));
      }
    }
    return new Filtered<>(kept, dropped);
  }
}
