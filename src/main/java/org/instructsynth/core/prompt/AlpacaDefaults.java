package org.instructsynth.core.prompt;

import java.io.Serializable;
import java.util.List;

/**
 * Instruction generation settings of Stanford Alpaca, from tatsu-lab/stanford_alpaca
 * {@code generate_instruction.py} ({@code generate_instruction_following_data} defaults
 * num_prompt_instructions=3, temperature=1.0, top_p=1.0; the decoding arguments max_tokens=3072 and
 * stop=["\n20", "20.", "20."]) and {@code prompt.txt} ("a set of 20 diverse task instructions").
 *
 * @param numPromptInstructions seed tasks shown as examples, sampled from the seeds only
 * @param numTasks tasks the prompt asks for; the stop sequences cut at this number
 */
public record AlpacaDefaults(int numPromptInstructions, int numTasks, double temperature, double topP, int maxTokens)
    implements Serializable {

  public static final AlpacaDefaults PAPER = new AlpacaDefaults(3, 20, 1.0, 1.0, 3072);

  /** {@code ["\n20", "20.", "20."]} as in generate_instruction.py (the repeated entry is theirs). */
  public List<String> stop() {
    return List.of("\n" + numTasks, numTasks + ".", numTasks + ".");
  }

  public SamplingParams sampling() {
    return new SamplingParams(temperature, topP, null, maxTokens, null, null, stop(), 1);
  }
}
