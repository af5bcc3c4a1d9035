package org.instructsynth.core;

import java.io.Serializable;
import java.util.List;

/**
 * A seed task in Self-Instruct's {@code seed_tasks.jsonl} shape, plus the optional fields this project
 * adds ({@code labels}, {@code cluster}, {@code language}).
 *
 * @param labels the label space of a classification task; empty when unknown or not classification
 * @param cluster the task cluster (FLAN's held-out unit); empty when not given
 * @param language ISO 639-1 code such as {@code en} or {@code zh}; empty when not given
 */
public record SeedTask(
    String id,
    String name,
    String instruction,
    List<Instance> instances,
    boolean isClassification,
    List<String> labels,
    String cluster,
    String language)
    implements Serializable {

  public SeedTask {
    instances = instances == null ? List.of() : List.copyOf(instances);
    labels = labels == null ? List.of() : List.copyOf(labels);
    cluster = cluster == null ? "" : cluster;
    language = language == null ? "" : language;
  }

  public String taskType() {
    return isClassification ? "classification" : "generation";
  }
}
