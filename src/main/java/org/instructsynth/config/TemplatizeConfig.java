package org.instructsynth.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.instructsynth.core.templatize.Options;

/**
 * {@code templatize.*}: FLAN-style instruction templates over labelled datasets.
 *
 * @param datasets the labelled datasets, each with its templates
 * @param templatesPerExample how many templates render each source row (FLAN: 1)
 * @param templateChoice {@code round-robin} (FLAN's {@code batch_apply_template}: the i-th row of each
 *     group of as many rows as templates gets template i, an incomplete last group is dropped) or
 *     {@code random} (a seeded random choice per row, nothing dropped)
 * @param datasetCap default cap of training rows taken from one dataset: the first ones in input
 *     order (FLAN: {@code train[:30000]})
 * @param validationCap rows taken from a dataset's own validation split: the first ones (FLAN: 200)
 * @param mixingCap examples-proportional mixing rate limit K: a dataset's mixing rate is proportional
 *     to min(n, K) (FLAN: 3,000)
 * @param mixtureSize training rows in the mixture; 0 means the natural size sum min(n_i, K), where
 *     dataset i contributes min(n_i, K) rows
 * @param options the OPTIONS block of classification templates: {@code dash} (FLAN), {@code letters}
 *     (FLAN v2's "(A) a") or {@code none} (FLAN v2's noopt variants)
 * @param shots few-shot exemplars per example (FLAN v2's fs variants; 0 = zero-shot, FLAN 2021)
 * @param general an optional general instruction set mixed in as one more dataset; null when absent
 */
public record TemplatizeConfig(
    List<DatasetConfig> datasets,
    int templatesPerExample,
    String templateChoice,
    int datasetCap,
    int validationCap,
    int mixingCap,
    long mixtureSize,
    String options,
    int shots,
    GeneralSetConfig general)
    implements Serializable {
  public static final String ROUND_ROBIN = "round-robin";
  public static final String RANDOM = "random";

  public TemplatizeConfig {
    datasets = List.copyOf(datasets);
  }

  public boolean roundRobin() {
    return ROUND_ROBIN.equals(templateChoice);
  }

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
   * @param cap training rows taken from this dataset at most (the first ones)
   * @param language ISO code of the text
   * @param splitField the field naming the dataset's own split ({@code train}, {@code validation},
   *     {@code test}); empty when the input gives no splits (then the hash split applies)
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
      String language,
      String splitField)
      implements Serializable {

    public boolean classification() {
      return "classification".equals(type);
    }

    public boolean givesSplits() {
      return !splitField.isEmpty();
    }
  }

  /**
   * A general instruction set mixed into the templated data.
   *
   * @param path instruction set file (Alpaca JSON or JSONL)
   * @param cap rows taken from it at most before mixing
   */
  public record GeneralSetConfig(String path, int cap) implements Serializable {}

  static TemplatizeConfig read(ConfigReader t) {
    int datasetCap = t.integer("dataset-cap", 30_000, 1, Integer.MAX_VALUE);
    List<DatasetConfig> datasets = new ArrayList<>();
    for (ConfigReader ds : t.sectionList("datasets")) {
      String type = ds.oneOf("type", "generation", List.of("generation", "classification"));
      datasets.add(
          new DatasetConfig(
              ds.requiredString("name", "give the task a name such as grammar_correction"),
              ds.requiredString("path", "the labelled JSONL file of this dataset"),
              ds.requiredString("templates", "the YAML file of this dataset's templates"),
              ds.string("cluster", ""),
              type,
              ds.string("label-field", "label"),
              ds.stringList("labels", List.of()),
              ds.string("id-field", "id"),
              ds.integer("cap", datasetCap, 1, Integer.MAX_VALUE),
              ds.string("language", "en"),
              ds.string("split-field", "").strip()));
    }
    if (datasets.isEmpty()) {
      t.problem("datasets", "is required: list at least one dataset with name, path and templates");
    }
    ConfigReader g = t.section("general");
    GeneralSetConfig general = null;
    String generalPath = g.string("path", "");
    int generalCap = g.integer("cap", datasetCap, 1, Integer.MAX_VALUE);
    if (!generalPath.isBlank()) {
      general = new GeneralSetConfig(generalPath, generalCap);
    }
    return new TemplatizeConfig(
        datasets,
        t.integer("templates-per-example", 1, 1, 100),
        t.oneOf("template-choice", ROUND_ROBIN, List.of(ROUND_ROBIN, RANDOM)),
        datasetCap,
        t.integer("validation-cap", 200, 1, Integer.MAX_VALUE),
        t.integer("mixing-cap", 3_000, 1, Integer.MAX_VALUE),
        t.longValue("mixture-size", 0L, 0L, Long.MAX_VALUE),
        t.oneOf("options", Options.DASH, Options.FORMATS),
        t.integer("shots", 0, 0, 32),
        general);
  }
}
