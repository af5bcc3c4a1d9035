package org.instructsynth.core.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.instructsynth.core.report.Llm;
import org.instructsynth.core.report.Report;

/**
 * A Hugging Face style dataset card ({@code README.md}) for one output and date: YAML front matter
 * the Hub reads ({@code configs} with {@code data_files} per split, {@code license},
 * {@code task_categories}, {@code size_categories}, {@code language}), then the provenance: recipe,
 * papers, models, prompt file hashes, settings, funnel, cost and run id. Figures that come from the
 * run's report are read defensively: a field the report lacks is left out, never a failure.
 */
public final class DatasetCard {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  /**
   * What the card says beyond the report.
   *
   * @param papers the recipe's papers ({@link Papers#of})
   * @param promptSha256 prompt template file to the SHA-256 of its bytes
   * @param settings label to value (dedup threshold, split, filters) in the order shown
   * @param userPrompt how the user turn was rendered ({@link UserPrompt#describe()})
   * @param files every split of every format written (rows 0 and path null for an empty split)
   * @param unmatchedComparisons comparisons left out of the preference exports because their
   *     instruction has no example in this date's splits (dropped by a filter or dedup)
   */
  public record Facts(String recipe, String runId, String runDate, String license, List<String> languages,
      List<String> models, List<Papers.Paper> papers, Map<String, String> promptSha256, Map<String, String> settings,
      String userPrompt, String systemPrompt, List<ExportedFile> files, long unmatchedComparisons) {}

  private DatasetCard() {}

  /**
   * The README text from the run's report.json as JSON: a report without the report's shape (which the job
   * never writes) gives a card without the report's figures; the card never fails the run.
   */
  public static String render(Facts f, com.fasterxml.jackson.databind.JsonNode report) {
    Report r;
    try {
      r = Report.of(report);
    } catch (IllegalArgumentException e) {
      r = Report.of(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
    }
    return render(f, r);
  }

  /** The README text; {@code report} is the run's report (any missing field is skipped). */
  public static String render(Facts f, Report report) {
    StringBuilder md = new StringBuilder("---\n").append(frontMatter(f)).append("---\n\n");
    md.append("# instruct-synth `").append(f.recipe()).append("` dataset, run date ").append(f.runDate()).append("\n\n");
    if (Boolean.TRUE.equals(report.simulatedLlm())) {
      md.append("> **SIMULATED**: the LLM answers in this dataset come from instruct-synth's built-in simulated endpoint, "
          + "not from a model. Use it to try the pipeline, not to train.\n\n");
    }
    md.append("Instruction-tuning data written by instruct-synth's recipe `").append(f.recipe())
        .append("` on ").append(f.runDate()).append(" (run `").append(f.runId()).append("`, status `")
        .append(report.status() == null ? "unknown" : report.status()).append("`). Each night adds only what earlier nights did not have; "
        + "the files below hold this date's rows. Load every night with a glob over `run_date=*`.\n\n");

    md.append("## Files\n\n| config (format) | split | rows | data files |\n|---|---|---:|---|\n");
    for (ExportedFile e : f.files()) {
      md.append("| ").append(e.format()).append(" | ").append(e.split()).append(" | ").append(e.rows()).append(" | ")
          .append(e.path() == null ? "(empty: not written)" : "`" + e.path() + "`").append(" |\n");
    }
    md.append("\nUser turn: ").append(f.userPrompt()).append(". System prompt: ")
        .append(f.systemPrompt() == null || f.systemPrompt().isBlank() ? "none" : "`" + oneLine(f.systemPrompt()) + "`")
        .append(".\n");
    if (f.unmatchedComparisons() > 0) {
      md.append("\n").append(f.unmatchedComparisons()).append(" comparison pair(s) are not in the preference exports: "
          + "their instruction's example was dropped by a filter or dedup, so it has no split.\n");
    }

    md.append("\n## How it was made\n\n");
    md.append("- Recipe: `").append(f.recipe()).append("`\n");
    for (Papers.Paper p : f.papers()) {
      md.append("- Paper: ").append(p.citation()).append(", [").append(p.title()).append("](").append(p.url()).append(")\n");
    }
    md.append("- Models: ").append(f.models().isEmpty() ? "none (no LLM call)" : code(f.models())).append("\n");
    f.settings().forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append("\n"));
    if (!f.promptSha256().isEmpty()) {
      md.append("\nPrompt template files (SHA-256 of the file's bytes):\n\n| file | sha256 |\n|---|---|\n");
      f.promptSha256().forEach((file, sha) -> md.append("| `").append(file).append("` | `").append(sha).append("` |\n"));
    }

    List<Report.FunnelStage> funnel = Report.list(report.funnel());
    if (!funnel.isEmpty()) {
      md.append("\n## Funnel\n\n| stage | rows in | rows out | dropped |\n|---|---:|---:|---:|\n");
      for (Report.FunnelStage s : funnel) {
        md.append("| ").append(s.stage() == null ? "?" : s.stage()).append(" | ").append(cell(s.rowsIn())).append(" | ")
            .append(cell(s.rowsOut())).append(" | ").append(cell(s.dropped())).append(" |\n");
      }
      md.append("\nEvery dropped row is in the `rejects` table with its stage and reason.\n");
    }

    Llm llm = report.llm();
    if (llm != null) {
      md.append("\n## Cost\n\n| LLM requests | new calls | answered from the ledger | prompt tokens | completion tokens | cost (USD) |\n"
          + "|---:|---:|---:|---:|---:|---:|\n| ")
          .append(cell(llm.requested())).append(" | ").append(cell(llm.calls())).append(" | ")
          .append(cell(llm.cached())).append(" | ").append(cell(llm.promptTokens())).append(" | ")
          .append(cell(llm.completionTokens())).append(" | ")
          .append(llm.costUsd() != null && !llm.costUsd().isNaN() ? String.format(Locale.ROOT, "%.4f", llm.costUsd()) : "")
          .append(" |\n");
    }

    md.append("\n## Provenance\n\n- Run id: `").append(f.runId()).append("`\n- Run date: ").append(f.runDate()).append("\n");
    if (report.startedAt() != null) {
      md.append("- Started: ").append(report.startedAt()).append("\n");
    }
    if (report.finishedAt() != null) {
      md.append("- Finished: ").append(report.finishedAt()).append("\n");
    }
    md.append("- Report: `_runs/").append(f.runId()).append("/report.json` and `report.html` under the output root\n");
    List<String> warnings = Report.list(report.warnings());
    if (!warnings.isEmpty()) {
      md.append("\nWarnings of the run:\n\n");
      warnings.forEach(w -> md.append("- ").append(oneLine(w)).append("\n"));
    }
    return md.toString();
  }

  /** The front matter's YAML (without the {@code ---} lines). */
  static String frontMatter(Facts f) {
    Map<String, Object> fm = new LinkedHashMap<>();
    fm.put("license", f.license());
    fm.put("task_categories", List.of("text-generation"));
    if (!f.languages().isEmpty()) {
      fm.put("language", f.languages());
    }
    fm.put("size_categories", List.of(sizeCategory(rows(f))));
    fm.put("tags", List.of("synthetic", "instruct-synth", f.recipe()));
    fm.put("pretty_name", "instruct-synth " + f.recipe() + " " + f.runDate());
    List<Map<String, Object>> configs = new ArrayList<>();
    Map<String, List<Map<String, String>>> byFormat = new LinkedHashMap<>();
    for (ExportedFile e : f.files()) {
      List<Map<String, String>> files = byFormat.computeIfAbsent(e.format(), k -> new ArrayList<>());
      if (e.path() != null) {
        Map<String, String> df = new LinkedHashMap<>();
        df.put("split", e.split());
        df.put("path", e.path());
        files.add(df);
      }
    }
    byFormat.forEach((format, files) -> {
      if (files.isEmpty()) {
        return; // the Hub rejects a config without data files
      }
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("config_name", format);
      c.put("data_files", files);
      if (configs.isEmpty()) {
        c.put("default", true);
      }
      configs.add(c);
    });
    fm.put("configs", configs);
    try {
      return YAML.writeValueAsString(fm);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the card's front matter", e);
    }
  }

  /** The rows the card's size category counts: the largest format's total (every format of a kind has the same). */
  static long rows(Facts f) {
    Map<String, Long> perFormat = new LinkedHashMap<>();
    f.files().forEach(e -> perFormat.merge(e.format(), e.rows(), Long::sum));
    return perFormat.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  /** The Hub's size category of {@code n} rows. */
  public static String sizeCategory(long n) {
    String[] names = {"1K", "10K", "100K", "1M", "10M", "100M", "1B", "10B", "100B", "1T"};
    if (n < 1_000) {
      return "n<1K";
    }
    long lo = 1_000;
    for (int i = 0; i < names.length - 1; i++) {
      if (n < lo * 10) {
        return names[i] + "<n<" + names[i + 1];
      }
      lo *= 10;
    }
    return "n>1T";
  }

  private static String cell(Long v) {
    return v == null ? "" : v.toString();
  }

  private static String code(List<String> values) {
    return String.join(", ", values.stream().map(v -> "`" + v + "`").toList());
  }

  private static String oneLine(String s) {
    return s.replace("\r", " ").replace("\n", "\\n");
  }
}
