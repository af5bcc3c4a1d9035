package org.instructsynth.pipeline.recipe;

import org.instructsynth.core.filter.FilterSettings;
import org.instructsynth.core.filter.PreCallFilter;
import org.instructsynth.core.filter.Verdict;
import org.instructsynth.pipeline.WorkRow;
import org.instructsynth.pipeline.stage.Replay;

/**
 * The {@code pre-filter} stage of the LLM recipes: {@link PreCallFilter} on a row before any call is
 * made for it. A dropped row is logged at this stage with the filter's reason code and detail (the
 * codes the final {@code filter} stage would have given it), and no request is built for it.
 */
final class PreCall {
  static final String STAGE = "pre-filter";

  private final PreCallFilter filter;

  PreCall(FilterSettings settings, boolean inputKnown) {
    this.filter = PreCallFilter.of(settings, inputKnown);
  }

  /**
   * Whether the row is dropped before its calls; if so it is logged from {@code firstStage} to this
   * stage with its reason.
   */
  boolean drops(WorkRow row, String instruction, String input, Replay.Log log, String firstStage) {
    Verdict v = filter.apply(instruction, input);
    if (v.kept()) {
      return false;
    }
    log.add(row.drop(v.reason(), v.detail()), firstStage, STAGE);
    return true;
  }
}
