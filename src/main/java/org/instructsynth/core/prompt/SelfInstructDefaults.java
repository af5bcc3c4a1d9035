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
 * @param onLength what a response cut by {@code finish_reason: length} keeps: {@link #DISCARD_RESPONSE}
 *     (nothing, bootstrap_instructions.py L42-43, the default) or {@link #DROP_LAST_ITEM} (all but its
 *     last item, as Alpaca does with its last block)
 * @param classificationSeedsOnly bootstrap_instructions.py {@code --use_clf_seed_tasks_only}: show only
 *     the seed tasks marked {@code is_classification} and use the classification prompt header
 *     ({@code self-instruct-instructions-clf}); off by default
 */
public record SelfInstructDefaults(
    int numPromptInstructions,
    int numMachineInstructions,
    int stopNumber,
    double temperature,
    double topP,
    double presencePenalty,
    double frequencyPenalty,
    int maxTokens,
    String onLength,
    boolean classificationSeedsOnly)
    implements Serializable {

  /** {@code on-length: discard-response}: a length-cut response keeps no item (the paper). */
  public static final String DISCARD_RESPONSE = "discard-response";
  /** {@code on-length: drop-last-item}: a length-cut response loses only its last item. */
  public static final String DROP_LAST_ITEM = "drop-last-item";

  /** The published settings. */
  public static final SelfInstructDefaults PAPER =
      new SelfInstructDefaults(8, 2, 16, 0.7, 0.5, 2.0, 0.0, 1024, DISCARD_RESPONSE, false);

  public SelfInstructDefaults {
    if (!DISCARD_RESPONSE.equals(onLength) && !DROP_LAST_ITEM.equals(onLength)) {
      throw new IllegalArgumentException("on-length must be " + DISCARD_RESPONSE + " or " + DROP_LAST_ITEM + ", got " + onLength);
    }
  }

  /** True if a length-cut response is discarded whole ({@link #DISCARD_RESPONSE}). */
  public boolean discardResponseOnLength() {
    return DISCARD_RESPONSE.equals(onLength);
  }

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
