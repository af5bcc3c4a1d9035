/**
 * THE SIMULATOR, not the real client: a SIMULATED OpenAI-compatible endpoint for {@code
 * llm.provider: simulated}, used by the sample runs, the tests and the benchmarks, so nothing ever
 * reaches a paid provider or the network. {@link org.instructsynth.llm.sim.SimulatedLlmServer}
 * serves chat and text completions and the Batch API ({@link
 * org.instructsynth.llm.sim.SimulatedBatches}) on 127.0.0.1; its answers come from a chain of
 * {@link org.instructsynth.llm.sim.Responder}s ({@link
 * org.instructsynth.llm.sim.SimulatedResponders}, {@link
 * org.instructsynth.llm.sim.RecipeStepResponders}) that recognise each recipe's prompts and plant
 * the defects the filters must catch.
 *
 * <p>Its settings ({@code llm.simulator.*}) stay in {@link org.instructsynth.llm.SimulatorSettings},
 * part of {@link org.instructsynth.llm.LlmSettings}. Nothing in {@code llm} depends on this
 * package: the callers in {@code pipeline} pick the endpoint with {@link
 * org.instructsynth.llm.sim.SimulatedLlmServer#baseUrlFor} (the shared server for a simulated provider)
 * and hand it to {@link org.instructsynth.llm.LlmClient#forTask}.
 */
package org.instructsynth.llm.sim;
