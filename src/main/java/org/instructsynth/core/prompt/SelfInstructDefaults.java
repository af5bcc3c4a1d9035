package org.instructsynth.core.prompt;

import java.io.Serializable;
import java.util.List;

/**
 * Instruction-generation settings of Self-Instruct (Wang et al. 2022), from
 * yizhongw/self-instruct {@code self_instruct/bootstrap_instructions.py}: the
 * {@code --num_prompt_instructions} default (8), {@code sample_machine_instructions(..., n=2)}, and
 * the {@code make_gpt3_requests} call (max_tokens=1024, temperature=0.7, top_p=0.5,
 * frequency_penalty=0, presence_penalty=2, stop_sequences=["\n\n", "\n16", "16.", "16 ."]).
 *
 * @param numPromptInstructions instructions shown in the prompt (machine ones plus seeds to fill up)
 * @param numMachineInstructions at most this many come from the instructions generated so far; early
 *     on, when fewer exist, seeds fill the gap (bootstrap_instructions.py samples
 *     {@code num_prompt_instructions - len(prompt_instructions)} seeds)
 * @param stopNumber the item number the stop sequences cut at; items {@code numPromptInstructions+1}
 *     up to {@code stopNumber-1} can be generated, i.e. {@link #maxNewInstructionsPerCall()}
 */
public record SelfInstructDefaults(
    int numPromptInstructions,
    int numMachineInstructions,
    int stopNumber,
    double temperature,
    double topP,
    double presencePenalty,
    double frequencyPenalty,
    int maxTokens)
    implements Serializable {

  /** The published settings. */
  public static final SelfInstructDefaults PAPER = new SelfInstructDefaults(8, 2, 16, 0.7, 0.5, 2.0, 0.0, 1024);

  /** Seed instructions shown once {@link #numMachineInstructions()} machine ones exist (8 - 2 = 6). */
  public int numSeedInstructions() {
    return numPromptInstructions - numMachineInstructions;
  }

  /** Items the model can write before the stop sequences cut it: 9..15, i.e. 7 with the paper's values. */
  public int maxNewInstructionsPerCall() {
    return stopNumber - numPromptInstructions - 1;
  }

  /** {@code ["\n\n", "\n16", "16.", "16 ."]} for the paper's values. */
  public List<String> stop() {
    return List.of("\n\n", "\n" + stopNumber, stopNumber + ".", stopNumber + " .");
  }

  public SamplingParams sampling() {
    return new SamplingParams(temperature, topP, null, maxTokens, presencePenalty, frequencyPenalty, stop(), 1);
  }
}
