package org.instructsynth.core.filter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.instructsynth.core.Seeds;

/**
 * Keeps at most {@code maxPerTask} items of a task: a uniform sample without replacement; kept items
 * stay in input order.
 *
 * <p>Source: {@code yizhongw/self-instruct self_instruct/prepare_for_finetuning.py} line 225
 * ({@code random.sample(task_instances, min(len(task_instances), 5))}). The draw is
 * {@code Seeds.random(seed)} ({@link Seeds}), so a rerun keeps the same items.
 *
 * <p>Reason code {@code instance_cap}.
 */
public final class InstanceCapFilter<T> extends Rule implements SetFilter<T> {

  public static final String NAME = "instance-cap";
  public static final String REASON = ReasonCodes.INSTANCE_CAP;

  private final int maxPerTask;
  private final long seed;

  public InstanceCapFilter(int maxPerTask, long seed) {
    super(NAME, List.of(REASON));
    if (maxPerTask < 1) {
      throw new IllegalArgumentException("max instances per task must be >= 1, got " + maxPerTask);
    }
    this.maxPerTask = maxPerTask;
    this.seed = seed;
  }

  @Override
  public Filtered<T> apply(List<T> items) {
    if (items.size() <= maxPerTask) {
      return new Filtered<>(items, List.of());
    }
    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      indices.add(i);
    }
    Set<Integer> chosen = new HashSet<>(Seeds.sample(indices, maxPerTask, Seeds.random(seed)));
    Verdict v = Verdict.drop(REASON, "task has " + items.size() + " instances, at most " + maxPerTask + " kept");
    List<T> kept = new ArrayList<>();
    List<Dropped<T>> dropped = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (chosen.contains(i)) {
        kept.add(items.get(i));
      } else {
        dropped.add(new Dropped<>(items.get(i), v));
      }
    }
    return new Filtered<>(kept, dropped);
  }
}
