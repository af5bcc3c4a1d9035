package org.instructsynth.core.filter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.instructsynth.core.Instance;

/**
 * Drops exact repeats of an instance already kept for the task.
 *
 * <p>Source: {@code yizhongw/self-instruct self_instruct/prepare_for_finetuning.py} line 123
 * ({@code filter_duplicate_instances}: {@code list(set(instances))}). The source's set loses the
 * order; this keeps the first occurrence in order.
 *
 * <p>Reason code {@code duplicate_instance}.
 */
public final class DuplicateInstanceFilter extends Rule implements SetFilter<Instance> {

  public static final String NAME = "duplicate-instance";
  public static final String REASON = ReasonCodes.DUPLICATE_INSTANCE;

  public DuplicateInstanceFilter() {
    super(NAME, List.of(REASON));
  }

  @Override
  public Filtered<Instance> apply(List<Instance> items) {
    Set<Instance> seen = new HashSet<>();
    List<Instance> kept = new ArrayList<>();
    List<Dropped<Instance>> dropped = new ArrayList<>();
    for (Instance inst : items) {
      if (seen.add(inst)) {
        kept.add(inst);
      } else {
        dropped.add(new Dropped<>(inst, Verdict.drop(REASON, "repeat of an earlier instance")));
      }
    }
    return new Filtered<>(kept, dropped);
  }
}
