package org.instructsynth.llm.sim;

import java.util.List;
import java.util.random.RandomGenerator;
import org.instructsynth.core.SeedTask;

/**
 * Answering logic of the simulated endpoint, pluggable so recipe prompts can be recognised.
 * A responder returns {@code null} when the prompt is not its kind; the simulator asks the
 * responders in order and the last one must always answer.
 */
@FunctionalInterface
public interface Responder {
  /**
   * @param prompt the prompt text: the completions prompt, or the chat messages' contents joined by
   *     blank lines
   * @param seeds the corpus answers are drawn from; never empty
   * @param random seeded by the request content and sample index, so answers are reproducible
   * @return the answer, or null to let the next responder try
   */
  String answer(String prompt, List<SeedTask> seeds, RandomGenerator random);
}
