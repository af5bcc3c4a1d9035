package org.instructsynth.core.filter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.instructsynth.core.Seeds;

/**
 * SELF-GUIDE class balancing: every class present is downsampled to the size of the smallest one.
 * Classes absent from the items do not count. As the source (SG-23): classes in order of first
 * appearance; {@code min} times, each class in turn gives one item drawn uniformly from its remaining
 * items, so the kept items are interleaved class by class. Deterministic: draws from {@code
 * Seeds.random(seed)}.
 *
 * <p>Source: {@code zhaochenyang20/Prompt2Model-Self-Distill self-guide/utils/output_annotation.py}
 * lines 84-101 (the {@code min_count} loop).
 *
 * <p>Reason code {@code class_balance}.
 */
public final class ClassBalanceFilter<T> extends Rule implements SetFilter<T> {

  public static final String NAME = "class-balance";
  public static final String REASON = ReasonCodes.CLASS_BALANCE;

  /** The label of an item; serialisable so the filter can ship to executors. */
  public interface Label<T> extends java.io.Serializable {
    String of(T item);
  }

  private final Label<T> labelOf;
  private final long seed;

  public ClassBalanceFilter(Label<T> labelOf, long seed) {
    super(NAME, List.of(REASON));
    this.labelOf = labelOf;
    this.seed = seed;
  }

  @Override
  public Filtered<T> apply(List<T> items) {
    Map<String, List<Integer>> byLabel = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      byLabel.computeIfAbsent(labelOf.of(items.get(i)), k -> new ArrayList<>()).add(i);
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
    Map<String, List<Integer>> remaining = new LinkedHashMap<>();
    byLabel.forEach((k, v) -> remaining.put(k, new ArrayList<>(v)));
    Set<Integer> keep = new HashSet<>();
    List<T> kept = new ArrayList<>();
    for (int round = 0; round < min; round++) {
      for (List<Integer> idx : remaining.values()) {
        int i = idx.remove(rng.nextInt(idx.size()));
        keep.add(i);
        kept.add(items.get(i));
      }
    }
    List<Dropped<T>> dropped = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      T item = items.get(i);
      if (!keep.contains(i)) {
        String label = labelOf.of(item);
        dropped.add(new Dropped<>(item, Verdict.drop(REASON, "class '" + label + "' has "
            + byLabel.get(label).size() + " items, smallest class '" + smallest + "' has " + min)));
      }
    }
    return new Filtered<>(kept, dropped);
  }
}
