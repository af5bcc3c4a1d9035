package org.instructsynth.core.prompt;

import java.io.Serializable;

/**
 * Settings of SELF-GUIDE (Zhao et al. 2024, "SELF-GUIDE: Better Task-Specific Instruction Following
 * via Self-Synthetic Finetuning"; code zhaochenyang20/Prompt2Model-Self-Distill at b26dde6). File
 * abbreviations as in docs/PARITY.md: IG = prompt2model/input_generator/vllm_prompt_based.py, OA =
 * prompt2model/output_annotator/vllm_prompt_based.py, PC / PG = self-guide/pipeline_classification.py /
 * pipeline_generation.py.
 *
 * <ul>
 *   <li>Input generation: temperature 0.9 for generation tasks (PG L211) and 0.7 for classification
 *       tasks (PC L213), top_k 40, max_tokens 500 (IG L178-184), 10 prompts per epoch (PC L119, PG
 *       L116: {@code per_epoch_num}), 1 to 10 earlier inputs as low-quality examples (IG L88-99:
 *       {@code random.randint(1, min(len(generated_inputs), 10))}).
 *   <li>Context cutoff: a prompt must be under 3000 tokens, else its examples are drawn again (IG
 *       L124-140, {@code context_cutoff}); here tokens are estimated (about 4 characters a token), 0
 *       turns the check off.
 *   <li>Output generation: 10 samples, temperature 0.2, top_k 10, max_tokens 500 (OA L170-176). Its
 *       {@code best_of} 20 (vLLM keeps the 10 most likely of 20 samples) is not reproduced: the
 *       ledger holds one answer per request and OpenAI chat has no {@code best_of}.
 *   <li>Minimum agreement 0.3: {@code min_frequency} in both pipelines (PC L121, PG L118; the
 *       function's own default is 0.2).
 * </ul>
 */
public record SelfGuideDefaults(
    double inputTemperatureGeneration,
    double inputTemperatureClassification,
    int inputTopK,
    int inputMaxTokens,
    int promptsPerRound,
    int maxLowQualityExamples,
    int contextCutoff,
    int outputSamples,
    double outputTemperature,
    int outputTopK,
    int outputMaxTokens,
    double minAgreement)
    implements Serializable {

  public static final SelfGuideDefaults PAPER = new SelfGuideDefaults(0.9, 0.7, 40, 500, 10, 10, 3000, 10, 0.2, 10, 500, 0.3);

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
