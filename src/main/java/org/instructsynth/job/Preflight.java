package org.instructsynth.job;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.instructsynth.config.JobConfig;
import org.instructsynth.config.Suggest;
import org.instructsynth.config.TemplatizeConfig.DatasetConfig;
import org.instructsynth.config.TemplatizeConfig;
import org.instructsynth.core.UserError;
import org.instructsynth.core.io.LabelledRecord;
import org.instructsynth.core.io.MalformedRecordException;
import org.instructsynth.core.templatize.Template;
import org.instructsynth.core.templatize.TemplateSet;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.pipeline.InputFiles;

/**
 * Checks, before any Spark job or LLM call, what would otherwise fail late: the output can be written,
 * every file the configuration names exists, every {@code {slot}} of every template is a field of its
 * dataset, every model the run calls has a price when {@code llm.budget-usd} is set, and the API key
 * variable is set where the calls run. Every problem found is reported at
 * once in one {@link UserError} of kind {@link UserError.Kind#CONFIG} (exit 2).
 */
final class Preflight {
  /** Rows of a labelled dataset read to learn its fields. */
  static final int SAMPLE_ROWS = 200;

  private final JobConfig config;
  private final Configuration conf;
  private final List<String> problems = new ArrayList<>();

  private Preflight(JobConfig config, Configuration conf) {
    this.config = config;
    this.conf = conf;
  }

  /**
   * @param localMaster whether the LLM calls run in this JVM ({@code local[...]} master), so that the
   *     API key variable can be checked here; on a cluster the executors' environment is not visible
   * @throws UserError listing every problem found
   */
  static void check(JobConfig config, Configuration conf, boolean localMaster) {
    Preflight p = new Preflight(config, conf);
    boolean plan = config.run().plan();
    if (!plan) {
      p.outputWritable();
    }
    p.inputs();
    p.budgetPrices();
    if (!plan && localMaster) {
      p.apiKey();
    }
    if (!p.problems.isEmpty()) {
      throw UserError.of(UserError.Kind.CONFIG, "Preflight found " + p.problems.size()
          + (p.problems.size() == 1 ? " problem" : " problems")
          + " before any work was done (nothing was called or written). Fix them and run again:", p.problems);
    }
  }

  private void outputWritable() {
    String out = config.output().path();
    Path probe = new Path(out, "_preflight-" + UUID.randomUUID());
    try {
      FileSystem fs = probe.getFileSystem(conf);
      if (!fs.mkdirs(probe.getParent())) {
        throw new IOException("cannot create the directory");
      }
      fs.create(probe, false).close();
      fs.delete(probe, false);
    } catch (IOException | RuntimeException e) {
      problems.add("output.path '" + out + "' cannot be written (" + firstLine(e) + "); point output.path at a"
          + " directory this user may create files in, e.g. --set output.path=out/" + config.recipe());
    }
  }

  private void inputs() {
    if (!"templatize".equals(config.recipe())) {
      for (String p : config.input().paths()) {
        exists("input.path", p);
      }
    }
    for (String p : config.dedup().referencePaths()) {
      exists("dedup.reference-paths", p);
    }
    LlmSettings llm = config.llm();
    if (llm != null && LlmSettings.SIMULATED.equals(llm.provider()) && !llm.simulator().seedTasksPath().isBlank()) {
      exists("llm.simulator.seed-tasks", llm.simulator().seedTasksPath());
    }
    TemplatizeConfig t = config.templatize();
    if (t != null) {
      for (int i = 0; i < t.datasets().size(); i++) {
        dataset("templatize.datasets[" + i + "]", t.datasets().get(i));
      }
      if (t.general() != null) {
        exists("templatize.general.path", t.general().path());
      }
    }
  }

  /** The dataset's files exist, its templates parse, and every slot they use is a field of its rows. */
  private void dataset(String key, DatasetConfig ds) {
    List<String> files = exists(key + ".path", ds.path());
    TemplateSet set;
    try {
      set = TemplateSet.parse(ds.name(), read(ds.templates()));
    } catch (IOException e) {
      problems.add(key + ".templates: cannot read '" + ds.templates() + "' (" + firstLine(e) + "); check the path");
      return;
    } catch (UserError e) {
      problems.add(key + ".templates '" + ds.templates() + "': " + e.getMessage().replace("\n", "; "));
      return;
    }
    Set<String> fields = files.isEmpty() ? Set.of() : fields(files);
    if (fields.isEmpty()) {
      return;  // no readable row: nothing to compare with (unreadable rows go to rejects)
    }
    for (Template tpl : set.templates()) {
      for (String slot : tpl.fields()) {
        if (!fields.contains(slot)) {
          String near = Suggest.closest(slot, new ArrayList<>(fields));
          problems.add(key + " (" + ds.name() + "): template " + tpl.id() + " in " + ds.templates() + " uses {" + slot
              + "}, but the rows of " + ds.path() + " have no field '" + slot + "' (fields: " + String.join(", ", fields)
              + ")" + (near == null ? "" : "; did you mean {" + near + "}?")
              + " Every row would be rejected as " + "missing_template_field; fix the template or the data");
        }
      }
    }
  }

  /** The fields of the first {@value #SAMPLE_ROWS} readable rows of a dataset. */
  private Set<String> fields(List<String> files) {
    Set<String> out = new LinkedHashSet<>();
    int rows = 0;
    for (String f : files) {
      Path p = new Path(f);
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getFileSystem(conf).open(p), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null && rows < SAMPLE_ROWS; line = r.readLine()) {
          if (line.isBlank()) {
            continue;
          }
          try {
            out.addAll(LabelledRecord.parse(line).keySet());
            rows++;
          } catch (MalformedRecordException e) {
            // a malformed row goes to rejects during the run
          }
        }
      } catch (IOException e) {
        problems.add("cannot read '" + f + "' (" + firstLine(e) + ")");
      }
      if (rows >= SAMPLE_ROWS) {
        break;
      }
    }
    return out;
  }

  /**
   * With {@code llm.budget-usd} set, every model the run calls has a price: the budget reserves each
   * call's worst case at its price, so an unpriced model's calls could not be limited at all. Unless
   * the user opts out with {@code llm.budget-allow-unpriced: true}.
   */
  private void budgetPrices() {
    LlmSettings llm = config.llm();
    if (llm == null || llm.budgetUsd() <= 0 || llm.calls().budgetAllowsUnpriced()) {
      return;
    }
    Map<String, String> models = new LinkedHashMap<>();
    models.put(llm.model(), "llm.model");
    if (config.distill() != null) {
      models = new LinkedHashMap<>(config.distill().models(llm.model()));
    }
    models.forEach((model, key) -> {
      if (!llm.price(model).known()) {
        problems.add(String.format(Locale.ROOT, "llm.budget-usd is %s, but model %s (%s) has no price in llm.prices, so the budget "
            + "cannot limit its calls (their cost is unknown). Give its price, e.g. --set 'llm.prices.%s={input: <$ per 1M prompt "
            + "tokens>, output: <$ per 1M completion tokens>}', or remove the budget (llm.budget-usd: 0), or set "
            + "llm.budget-allow-unpriced: true to run with a budget that limits only the priced models", fmt(llm.budgetUsd()), model,
            key, model));
      }
    });
  }

  private static String fmt(double usd) {
    return java.math.BigDecimal.valueOf(usd).stripTrailingZeros().toPlainString();
  }

  private void apiKey() {
    LlmSettings llm = config.llm();
    if (llm == null || LlmSettings.SIMULATED.equals(llm.provider()) || llm.apiKeyEnv().isEmpty()) {
      return;
    }
    String value = System.getenv(llm.apiKeyEnv());
    if (value == null || value.isBlank()) {
      problems.add("llm.api-key-env: the environment variable " + llm.apiKeyEnv() + " is not set (or empty) in this"
          + " process, where the LLM calls run; export " + llm.apiKeyEnv() + "=<your key> before starting the job, or"
          + " set llm.api-key-env to '' for a server without authentication");
    }
  }

  /** The files {@code path} names, or none after recording a problem for {@code key}. */
  private List<String> exists(String key, String path) {
    try {
      return InputFiles.expand(conf, List.of(path));
    } catch (InputFiles.InputException e) {
      problems.add(key + ": '" + path + "' " + (e.getMessage().contains("matches no file") ? "matches no file" : "holds no data files")
          + "; check the path (relative paths are resolved against the directory the job was started in)");
    } catch (RuntimeException e) {
      problems.add(key + ": cannot list '" + path + "' (" + firstLine(e) + ")");
    }
    return List.of();
  }

  private String read(String file) throws IOException {
    Path p = new Path(file);
    try (var in = p.getFileSystem(conf).open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
