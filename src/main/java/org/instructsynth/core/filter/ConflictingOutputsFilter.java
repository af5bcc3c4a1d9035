package org.instructsynth.core.filter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.instructsynth.core.Instance;

/**
 * Drops every instance of a task when two of them have the same non-empty input and different
 * outputs: the task is ambiguous.
 *
 * <p>Source: {@code yizhongw/self-instruct self_instruct/prepare_for_finetuning.py} lines 110-120
 * ({@code filter_duplicate_instances}: {@code same_input_diff_output}, then {@code return []}).
 *
 * <p>Reason code {@code conflicting_outputs}; the detail names the first conflicting input.
 */
public final class ConflictingOutputsFilter extends Rule implements SetFilter<Instance> {

  public static final String NAME = "conflicting-outputs";
  public static final String REASON = ReasonCodes.CONFLICTING_OUTPUTS;

  public ConflictingOutputsFilter() {
    super(NAME, List.of(REASON));
  }

  @Override
  public Filtered<Instance> apply(List<Instance> items) {
    Map<String, String> outputByInput = new HashMap<>();
    for (Instance inst : items) {
      if (inst.input().isEmpty()) {
        continue;
      }
      String previous = outputByInput.putIfAbsent(inst.input(), inst.output());
      if (previous != null && !previous.equals(inst.output())) {
        Verdict v = Verdict.drop(REASON,
            "input '" + inst.input() + "' has different outputs; all instances of the task dropped");
        List<Dropped<Instance>> dropped = new ArrayList<>();
        items.forEach(i -> dropped.add(new Dropped<>(i, v)));
        return new Filtered<>(List.of(), dropped);
      }
    }
    return new Filtered<>(items, List.of());
  }
}
