package org.instructsynth.core.filter;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * SELF-GUIDE's duplicate check: drops a generated input equal to one already in the task's pool (the
 * inputs kept so far, this run and earlier nights).
 *
 * <p>Source: {@code zhaochenyang20/Prompt2Model-Self-Distill
 * prompt2model/input_generator/vllm_prompt_based.py} lines 304-313 ({@code unique_inputs}, "duplicated
 * input"). Exact string equality, as the source's set.
 *
 * <p>Reason code {@code duplicate_input}.
 */
public final class DuplicateInputFilter extends Rule implements ExampleFilter {

  public static final String NAME = "duplicate-input";
  public static final String REASON = ReasonCodes.DUPLICATE_INPUT;

  private final Set<String> pool;

  /** Against a snapshot of {@code pool}. */
  public DuplicateInputFilter(Collection<String> pool) {
    super(NAME, List.of(REASON));
    this.pool = Set.copyOf(pool);
  }

  @Override
  public Verdict apply(String instruction, String input, String output) {
    return input != null && pool.contains(input)
        ? Verdict.drop(REASON, "already in the input pool")
        : Verdict.keep();
  }
}
