package org.instructsynth.config;

import java.io.Serializable;
import java.util.List;

/**
 * {@code templatize.*}: FLAN-style instruction templates over labelled datasets.
 *
 * @param datasets the labelled datasets, each with its templates
 * @param templatesPerExample how many distinct templates render each source row (FLAN: 1, chosen at
 *     random per row)
 * @param datasetCap default cap of rows taken from one dataset (FLAN: 30,000)
 * @param mixingCap examples-proportional mixing limit K: a dataset contributes at most K rows to the
 *     mixture (FLAN: 3,000)
 * @param general an optional general instruction set mixed in as one more dataset; null when absent
 */
public record TemplatizeConfig(
    List<DatasetConfig> datasets,
    int templatesPerExample,
    int datasetCap,
    int mixingCap,
    GeneralSetConfig general)
    implements Serializable {

  /**
   * One labelled dataset.
   *
   * @param name the task name
   * @param path JSONL file of labelled rows
   * @param templates YAML file of templates
   * @param cluster the task cluster (held-out unit for eval_unseen)
   * @param type {@code classification} or {@code generation}
   * @param labelField for classification, the field holding the label
   * @param labels the label space; empty means the distinct labels found in the data
   * @param idField the field holding a row id, if any; otherwise the line number is used
   * @param cap rows taken from this dataset at most
   * @param language ISO code of the text
   */
  public record DatasetConfig(
      String name,
      String path,
      String templates,
      String cluster,
      String type,
      String labelField,
      List<String> labels,
      String idField,
      int cap,
      String language)
      implements Serializable {

    public boolean classification() {
      return "classification".equals(type);
    }
  }

  /**
   * A general instruction set mixed into the templated data.
   *
   * @param path instruction set file (Alpaca JSON or JSONL)
   * @param cap rows taken from it at most before mixing
   */
  public record GeneralSetConfig(String path, int cap) implements Serializable {}
}
