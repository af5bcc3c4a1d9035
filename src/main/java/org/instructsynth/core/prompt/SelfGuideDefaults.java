package org.instructsynth.core.prompt;

import java.io.Serializable;

/**
 * Settings of SELF-GUIDE (Zhao et al. 2024, "SELF-GUIDE: Better Task-Specific Instruction Following
 * via Self-Synthetic Finetuning"; code zhaochenyang20/Prompt2Model-Self-Distill).
 *
 * <ul>
 *   <li>Input generation: temperature 0.9 for generation tasks and 0.7 for classification tasks,
 *       top_k 40, 10 prompts per round: the paper's single hyperparameter setting as recorded in
 *       this project's DESIGN.md section 1 (not found in the code, where they come from per-task
 *       config files). max_tokens 500 and 1 to 10 earlier inputs as low-quality examples:
 *       {@code prompt2model/input_generator/vllm_prompt_based.py} ({@code max_tokens} default 500,
 *       {@code random.randint(1, min(len(generated_inputs), 10))}).
 *   <li>Output generation: 10 samples, temperature 0.2, top_k 10, max_tokens 500:
 *       {@code prompt2model/output_annotator/vllm_prompt_based.py} ({@code n} 10, {@code top_k} 10,
 *       {@code temperature} 0.2, {@code max_tokens} 500; its {@code best_of} 20 has no
 *       chat-completions equivalent and is not used).
 *   <li>Minimum agreement 0.3 (DESIGN.md; the code's {@code min_frequency} default is 0.2 and the
 *       experiments set it per task).
 * </ul>
 */
public record SelfGuideDefaults(
    double inputTemperatureGeneration,
    double inputTemperatureClassification,
    int inputTopK,
    int inputMaxTokens,
    int promptsPerRound,
    int maxLowQualityExamples,
    int outputSamples,
    double outputTemperature,
    int outputTopK,
    int outputMaxTokens,
    double minAgreement)
    implements Serializable {

  public static final SelfGuideDefaults PAPER = new SelfGuideDefaults(0.9, 0.7, 40, 500, 10, 10, 10, 0.2, 10, 500, 0.3);

  public SamplingParams inputSampling(boolean classification) {
    return new SamplingParams(
        classification ? inputTemperatureClassification : inputTemperatureGeneration,
        null,
        inputTopK,
        inputMaxTokens,
        null,
        null,
        null,
        1);
  }

  public SamplingParams outputSampling() {
    return new SamplingParams(outputTemperature, null, outputTopK, outputMaxTokens, null, null, null, outputSamples);
  }
}
