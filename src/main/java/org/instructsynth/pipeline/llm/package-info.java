/**
 * The Spark side of the LLM stage: {@link org.instructsynth.pipeline.llm.LlmStage} (ledger
 * anti-join, repartition, calls, append to {@code llm_calls/}, result rows), the named
 * {@code mapPartitions} function {@link org.instructsynth.pipeline.llm.CallLlmPartition}, the ledger
 * schema {@link org.instructsynth.pipeline.llm.Ledger} and the driver-side progress reporter.
 */
package org.instructsynth.pipeline.llm;
