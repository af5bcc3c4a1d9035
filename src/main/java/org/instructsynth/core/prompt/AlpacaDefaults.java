package org.instructsynth.core.prompt;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Instruction generation settings of Stanford Alpaca, from tatsu-lab/stanford_alpaca
 * {@code generate_instruction.py} ({@code generate_instruction_following_data} defaults
 * num_prompt_instructions=3, temperature=1.0, top_p=1.0; the decoding arguments max_tokens=3072,
 * stop=["\n20", "20.", "20."] and {@code logit_bias={"50256": -100}}, L159-173; presence and frequency
 * penalty 0.0 from {@code utils.OpenAIDecodingArguments}, sent explicitly) and {@code prompt.txt} ("a
 * set of 20 diverse task instructions").
 *
 * @param numPromptInstructions seed tasks shown as examples, sampled from the seeds only
 * @param numTasks tasks the prompt asks for; the stop sequences cut at this number
 * @param logitBias sent as {@code logit_bias}: Alpaca bans token 50256, which is
 *     {@code <|endoftext|>} in the GPT-2/GPT-3 tokenizers (text-davinci-003) only; other models'
 *     tokenizers give 50256 another meaning, so set {@code self-instruct.alpaca.logit-bias} to their
 *     end-of-text id or to {@code {}} (none)
 */
public record AlpacaDefaults(
    int numPromptInstructions, int numTasks, double temperature, double topP, int maxTokens, Map<String, Integer> logitBias)
    implements Serializable {

  /** generate_instruction.py's {@code logit_bias}: never end the text early (GPT-2/3 {@code <|endoftext|>}). */
  public static final Map<String, Integer> NO_END_OF_TEXT = Map.of("50256", -100);

  public static final AlpacaDefaults PAPER = new AlpacaDefaults(3, 20, 1.0, 1.0, 3072, NO_END_OF_TEXT);

  public AlpacaDefaults {
    logitBias = logitBias == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(logitBias));
  }

  /** {@code ["\n20", "20.", "20."]} as in generate_instruction.py (the repeated entry is theirs). */
  public List<String> stop() {
    return List.of("\n" + numTasks, numTasks + ".", numTasks + ".");
  }

  public SamplingParams sampling() {
    return new SamplingParams(temperature, topP, null, maxTokens, 0.0, 0.0, stop(), 1, logitBias);
  }
}
