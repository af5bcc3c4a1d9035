package org.instructsynth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path yaml(String text) throws IOException {
    Path p = dir.resolve("c.yaml");
    Files.writeString(p, text);
    return p;
  }

  @Test
  void shippedRecipesLoadWithTheirDefaults() {
    JobConfig curate = ConfigLoader.load(Path.of("conf/curate.yaml"), List.of());
    assertThat(curate.recipe()).isEqualTo("curate");
    assertThat(curate.filters().minWords()).isEqualTo(4);
    assertThat(curate.filters().maxWords()).isEqualTo(150);
    assertThat(curate.dedup().rouge().threshold()).isEqualTo(0.7);
    assertThat(curate.split().evalFraction()).isEqualTo(0.1);
    assertThat(curate.output().format()).isEqualTo("parquet");

    JobConfig templatize = ConfigLoader.load(Path.of("conf/templatize.yaml"), List.of());
    assertThat(templatize.templatize().datasetCap()).isEqualTo(30_000);
    assertThat(templatize.templatize().mixingCap()).isEqualTo(3_000);
    // FLAN's defaults (docs/PARITY.md): round-robin, validation[:200], natural mixture, dash options,
    // zero-shot, no dedup
    assertThat(templatize.templatize().roundRobin()).isTrue();
    assertThat(templatize.templatize().validationCap()).isEqualTo(200);
    assertThat(templatize.templatize().mixtureSize()).isZero();
    assertThat(templatize.templatize().options()).isEqualTo("dash");
    assertThat(templatize.templatize().shots()).isZero();
    assertThat(templatize.dedup().exact()).isFalse();
    assertThat(templatize.dedup().near()).isFalse();
    assertThat(templatize.templatize().datasets()).hasSize(10);
    assertThat(templatize.templatize().datasets().stream().filter(d -> d.classification()).count()).isEqualTo(3);
  }

  @Test
  void overridesReachEveryKeyTheOutsideChecksUse() {
    JobConfig c = ConfigLoader.load(Path.of("conf/curate.yaml"), List.of(
        "input.path=data/a.json", "output.path=/tmp/x", "output.format=jsonl", "run.date=2026-01-31",
        "filters.enabled=false", "split.eval-fraction=0.25", "dedup.threshold=0.65"));
    assertThat(c.input().paths()).containsExactly("data/a.json");
    assertThat(c.output().path()).isEqualTo("/tmp/x");
    assertThat(c.output().format()).isEqualTo("jsonl");
    assertThat(c.run().date()).isEqualTo(LocalDate.of(2026, 1, 31));
    assertThat(c.filters().enabled()).isFalse();
    assertThat(c.split().evalFraction()).isEqualTo(0.25);
    assertThat(c.dedup().rouge().threshold()).isEqualTo(0.65);
    assertThat(c.resolved().path("split").path("eval-fraction").asDouble()).isEqualTo(0.25);
  }

  @Test
  void overrideValuesKeepTheirYamlType() {
    JobConfig c = ConfigLoader.load(Path.of("conf/curate.yaml"),
        List.of("split.holdout-clusters=[a, b]", "filters.extra-blocklist=[spreadsheet]", "run.seed=7"));
    assertThat(c.split().holdoutClusters()).containsExactly("a", "b");
    assertThat(c.filters().extraBlocklist()).containsExactly("spreadsheet");
    assertThat(c.run().seed()).isEqualTo(7L);
  }

  @Test
  void everyProblemIsReportedAtOnceWithTheClosestKey() throws IOException {
    Path p = yaml("""
        recipe: curate
        input: {path: x.jsonl}
        output: {path: out, formt: jsonl}
        split: {eval-fraction: 2.0}
        filtres: {enabled: false}
        dedup: {threshold: high, method: fast}
        """);
    assertThatThrownBy(() -> ConfigLoader.load(p, List.of("run.dat=2026-01-01")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> {
          ConfigException ce = (ConfigException) e;
          assertThat(ce.problems()).hasSize(6);
          assertThat(ce.getMessage())
              .contains("output.formt: is not a known key in 'output'; did you mean 'format'?")
              .contains("filtres: is not a known key in top level; did you mean 'filters'?")
              .contains("run.dat: is not a known key in 'run'; did you mean 'date'?")
              .contains("split.eval-fraction: must be between 0.0 and 1.0, found 2.0")
              .contains("dedup.threshold: must be a number, found 'high'")
              .contains("dedup.method: must be one of [prefix-filter, brute-force], found 'fast'");
        });
  }

  @Test
  void missingRequiredValuesSayHowToFixThem() throws IOException {
    Path p = yaml("recipe: curate\n");
    assertThatThrownBy(() -> ConfigLoader.load(p, List.of()))
        .hasMessageContaining("input.path: is required for recipe 'curate'; set it in the file or with --set input.path=FILE")
        .hasMessageContaining("output.path: is required");
  }

  @Test
  void aMistypedRecipeNamesTheClosestOne() throws IOException {
    Path p = yaml("recipe: curat\noutput: {path: o}\ninput: {path: x}\n");
    assertThatThrownBy(() -> ConfigLoader.load(p, List.of()))
        .hasMessageContaining("recipe: must be one of [curate, templatize, self-instruct, self-guide, distill], found 'curat'; did you mean 'curate'?");
  }

  @Test
  void aSectionOfAnotherRecipeIsAnError() throws IOException {
    Path p = yaml("recipe: curate\noutput: {path: o}\ninput: {path: x}\ntemplatize: {mixing-cap: 3}\n");
    assertThatThrownBy(() -> ConfigLoader.load(p, List.of()))
        .hasMessageContaining("templatize: applies to recipe 'templatize' only");
  }

  @Test
  void aMissingFileIsOneClearProblem() {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), List.of()))
        .hasMessageContaining("the file does not exist");
  }

  @Test
  void malformedOverrideIsReported() {
    assertThatThrownBy(() -> ConfigLoader.load(Path.of("conf/curate.yaml"), List.of("split")))
        .hasMessageContaining("--set split: expected key.path=value");
    assertThatThrownBy(() -> ConfigLoader.load(Path.of("conf/curate.yaml"), List.of("recipe.x=1")))
        .hasMessageContaining("'recipe' is a value, not a section");
  }

  @Test
  void todayResolvesToTheUtcDateInTheResolvedConfig() {
    JobConfig c = ConfigLoader.load(Path.of("conf/curate.yaml"), List.of("run.date=today"));
    assertThat(c.run().date()).isEqualTo(LocalDate.now(ZoneOffset.UTC));
    assertThat(c.resolved().path("run").path("date").asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
  }

  @Test
  void secretLookingKeysAreRedactedButEnvironmentNamesAreKept() {
    var tree = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    tree.putObject("llm").put("api-key", "sk-live-123").put("api-key-env", "OPENAI_API_KEY");
    ConfigLoader.redact(tree);
    assertThat(tree.path("llm").path("api-key").asText()).isEqualTo("***");
    assertThat(tree.path("llm").path("api-key-env").asText()).isEqualTo("OPENAI_API_KEY");
  }

  @Test
  void resolvedConfigRendersAsYamlWithDefaultsFilledIn() {
    JobConfig c = ConfigLoader.load(Path.of("conf/curate.yaml"), List.of());
    String yaml = ConfigLoader.toYaml(c.resolved());
    assertThat(yaml).contains("min-eval-per-task: 1").contains("max-raw-chars: 2000").contains("recipe: \"curate\"");
  }

  @Test
  void suggestionsUseEditDistance() {
    assertThat(Suggest.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Suggest.closest("treshold", List.of("threshold", "method"))).isEqualTo("threshold");
    assertThat(Suggest.closest("zzzzzzzz", List.of("threshold", "method"))).isNull();
  }
}
