package org.instructsynth.core.recipe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.instructsynth.core.Instance;
import org.instructsynth.core.prompt.ReasonCodes;
import org.instructsynth.core.prompt.Seeds;

/**
 * The instance filters of Self-Instruct, applied to the parsed instances of one task, in the order of
 * yizhongw/self-instruct {@code self_instruct/prepare_for_finetuning.py}:
 *
 * <ol>
 *   <li>{@code filter_invalid_instances}, per instance: input equal to output
 *       ({@code input_equals_output}); empty output ({@code empty_output}); input or output ending
 *       with ':' after stripping ({@code ends_with_colon}).
 *   <li>{@code filter_duplicate_instances}: if two surviving instances have the same non-empty input
 *       and different outputs, every instance of the task is dropped ({@code conflicting_outputs});
 *       otherwise exact repeats are dropped ({@code duplicate_instance}; the original uses a set and
 *       loses the order, this keeps the first occurrence).
 *   <li>At most {@code maxPerTask} (5) instances: a uniform sample without replacement drawn from
 *       {@code Seeds.random(seed)}; the rest are {@code instance_cap}. Kept instances stay in order.
 * </ol>
 *
 * Instances are expected stripped, as the parsers return them.
 */
public final class SelfInstructInstanceFilter {
  private SelfInstructInstanceFilter() {}

  public static Filtered<Instance> apply(List<Instance> instances, int maxPerTask, long seed) {
    if (maxPerTask < 1) {
      throw new IllegalArgumentException("max instances per task must be >= 1, got " + maxPerTask);
    }
    List<Dropped<Instance>> dropped = new ArrayList<>();
    List<Instance> valid = new ArrayList<>();
    for (Instance inst : instances) {
      if (inst.input().equals(inst.output())) {
        dropped.add(new Dropped<>(inst, ReasonCodes.INPUT_EQUALS_OUTPUT, "input equals output"));
      } else if (inst.output().isEmpty()) {
        dropped.add(new Dropped<>(inst, ReasonCodes.EMPTY_OUTPUT, "output is empty"));
      } else if (inst.input().strip().endsWith(":") || inst.output().strip().endsWith(":")) {
        dropped.add(
            new Dropped<>(
                inst,
                ReasonCodes.ENDS_WITH_COLON,
                inst.input().strip().endsWith(":") ? "input ends with ':'" : "output ends with ':'"));
      } else {
        valid.add(inst);
      }
    }
    Map<String, String> outputByInput = new HashMap<>();
    String conflict = null;
    for (Instance inst : valid) {
      if (inst.input().isEmpty()) {
        continue;
      }
      String previous = outputByInput.putIfAbsent(inst.input(), inst.output());
      if (previous != null && !previous.equals(inst.output())) {
        conflict = inst.input();
        break;
      }
    }
    if (conflict != null) {
      String detail = "input '" + conflict + "' has different outputs; all instances of the task dropped";
      for (Instance inst : valid) {
        dropped.add(new Dropped<>(inst, ReasonCodes.CONFLICTING_OUTPUTS, detail));
      }
      return new Filtered<>(List.of(), dropped);
    }
    Set<Instance> seen = new HashSet<>();
    List<Instance> unique = new ArrayList<>();
    for (Instance inst : valid) {
      if (seen.add(inst)) {
        unique.add(inst);
      } else {
        dropped.add(new Dropped<>(inst, ReasonCodes.DUPLICATE_INSTANCE, "repeat of an earlier instance"));
      }
    }
    if (unique.size() <= maxPerTask) {
      return new Filtered<>(unique, dropped);
    }
    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < unique.size(); i++) {
      indices.add(i);
    }
    SplittableRandom rng = Seeds.random(seed);
    Set<Integer> chosen = new LinkedHashSet<>(Seeds.sample(indices, maxPerTask, rng));
    List<Instance> kept = new ArrayList<>();
    for (int i = 0; i < unique.size(); i++) {
      if (chosen.contains(i)) {
        kept.add(unique.get(i));
      } else {
        dropped.add(
            new Dropped<>(
                unique.get(i),
                ReasonCodes.INSTANCE_CAP,
                "task has " + unique.size() + " instances, at most " + maxPerTask + " kept"));
      }
    }
    return new Filtered<>(kept, dropped);
  }
}
