package org.instructsynth.core.prompt;

import java.io.Serializable;
import java.util.List;

/**
 * Settings of Self-Instruct's classification check and instance generation (yizhongw/self-instruct).
 *
 * <ul>
 *   <li>Classification check, {@code self_instruct/identify_clf_or_not.py}: max_tokens=3,
 *       temperature=0, top_p=0, presence/frequency penalty 0, stop=["\n", "Task"].
 *   <li>Instances, {@code self_instruct/generate_instances.py}: temperature=0, top_p=0,
 *       frequency_penalty=0, presence_penalty=1.5, max_tokens=300 for classification tasks and 350
 *       otherwise ("because the clf template is longer"), stop=["Example 6", "Task:"] from
 *       {@code --max_instances_to_generate} 5.
 *   <li>At most 5 instances per task: {@code self_instruct/prepare_for_finetuning.py}
 *       ({@code random.sample(task_instances, min(len(task_instances), 5))}).
 * </ul>
 */
public record InstanceGenDefaults(
    int maxInstancesToGenerate,
    int maxInstancesPerTask,
    double temperature,
    double topP,
    double presencePenalty,
    int maxTokensClassification,
    int maxTokensGeneration)
    implements Serializable {

  public static final InstanceGenDefaults PAPER = new InstanceGenDefaults(5, 5, 0.0, 0.0, 1.5, 300, 350);

  /** Sampling for instance generation of a classification (output-first) or other (input-first) task. */
  public SamplingParams instanceSampling(boolean classification) {
    return new SamplingParams(
        temperature,
        topP,
        null,
        classification ? maxTokensClassification : maxTokensGeneration,
        presencePenalty,
        0.0,
        List.of("Example " + (maxInstancesToGenerate + 1), "Task:"),
        1);
  }

  /** Sampling of the yes/no classification check (identify_clf_or_not.py). */
  public static SamplingParams classificationCheckSampling() {
    return new SamplingParams(0.0, 0.0, null, 3, 0.0, 0.0, List.of("\n", "Task"), 1);
  }
}
