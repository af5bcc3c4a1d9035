package org.instructsynth.pipeline.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.instructsynth.config.DedupConfig;
import org.instructsynth.config.DistillConfig;
import org.instructsynth.config.JobConfig;
import org.instructsynth.config.SelfInstructConfig;
import org.instructsynth.config.SplitConfig;
import org.instructsynth.config.TemplatizeConfig;
import org.instructsynth.core.export.DatasetCard;
import org.instructsynth.core.export.ExportFormat;
import org.instructsynth.core.export.Papers;
import org.instructsynth.core.export.PromptFiles;
import org.instructsynth.core.prompt.PromptTemplates;
import org.instructsynth.core.report.Report;

/**
 * Writes the dataset card of a date: {@code <root>/_cards/run_date=<date>/README.md} always, and the
 * same text as {@code <root>/README.md} (the file the Hugging Face Hub shows) unless a newer date's
 * card is already published. Facts the report does not hold (languages, models, prompt file hashes,
 * settings) are gathered here.
 */
public final class CardWriter {
  public static final String CARDS = "_cards";
  public static final String README = "README.md";

  private CardWriter() {}

  /** Writes the card; returns the paths it wrote, relative to the sink's root. */
  public static List<String> write(JobConfig cfg, Configuration hadoop, String runId, String runDate,
      ExportResult exports, Report report, ExportSink sink) {
    FileSystem fs = fileSystem(hadoop, sink.root());
    boolean alpacaStyle = cfg.selfInstruct() != null && SelfInstructConfig.ALPACA.equals(cfg.selfInstruct().style());
    boolean preferences = cfg.export().exportFormats().stream().anyMatch(ExportFormat::preference);
    DatasetCard.Facts facts = new DatasetCard.Facts(cfg.recipe(), runId, runDate, cfg.export().license(),
        exports.languages(), exports.models(), Papers.of(cfg.recipe(), alpacaStyle, preferences), promptHashes(cfg, fs),
        settings(cfg), exports.userPrompt(), cfg.export().systemPrompt(), exports.files(), exports.unmatchedComparisons());
    String card = DatasetCard.render(facts, report);

    List<String> written = new ArrayList<>();
    String dated = CARDS + "/run_date=" + runDate + "/" + README;
    writeText(fs, new Path(sink.root(), dated), card);
    written.add(CARDS + "/run_date=" + runDate);
    if (newest(fs, sink.publishedRoot(), runDate)) {
      writeText(fs, new Path(sink.root(), README), card);
      written.add(README);
    }
    return written;
  }

  /** The prompt template files the recipe used, with the SHA-256 of each. */
  static Map<String, String> promptHashes(JobConfig cfg, FileSystem fs) {
    List<String> names = new ArrayList<>();
    switch (cfg.recipe()) {
      case "self-instruct" -> {
        if (SelfInstructConfig.ALPACA.equals(cfg.selfInstruct().style())) {
          names.add(PromptTemplates.ALPACA_INSTRUCTIONS);
        } else {
          names.addAll(List.of(PromptTemplates.SELF_INSTRUCT_INSTRUCTIONS, PromptTemplates.SELF_INSTRUCT_INSTRUCTIONS_CLF,
              PromptTemplates.SELF_INSTRUCT_CLF_CHECK, PromptTemplates.SELF_INSTRUCT_INSTANCES_OUTPUT_FIRST,
              PromptTemplates.SELF_INSTRUCT_INSTANCES_INPUT_FIRST));
        }
      }
      case "self-guide" -> names.addAll(List.of(PromptTemplates.SELF_GUIDE_INPUT, PromptTemplates.SELF_GUIDE_INPUT_CLF,
          cfg.selfGuide().paperOutputPrompt() ? PromptTemplates.SELF_GUIDE_OUTPUT : PromptTemplates.SELF_GUIDE_OUTPUT_SYSTEM));
      case "distill" -> {
        DistillConfig d = cfg.distill();
        if (!d.translateTo().isEmpty()) {
          names.addAll(List.of(PromptTemplates.DISTILL_TRANSLATE, PromptTemplates.DISTILL_TRANSLATE_NO_INPUT));
        }
        names.addAll(List.of(PromptTemplates.DISTILL_TEACHER_INPUT, PromptTemplates.DISTILL_TEACHER_NO_INPUT));
        if (d.judge() != null) {
          names.add(d.judge().together() ? PromptTemplates.DISTILL_JUDGE_ALL : PromptTemplates.DISTILL_JUDGE);
        }
      }
      default -> { }
    }
    Map<String, String> out = new LinkedHashMap<>();
    java.util.Optional<java.nio.file.Path> dir = cfg.prompts().overrideDir();
    for (String n : names) {
      java.nio.file.Path override = dir.map(d -> d.resolve(n + ".txt")).filter(java.nio.file.Files::isRegularFile).orElse(null);
      if (override == null) {
        out.put("prompts/" + n + ".txt", PromptFiles.shippedSha256(n));
      } else { // the file that replaced the shipped one (prompts.dir), under its own path
        out.put(override.toString(), PromptFiles.sha256(readBytes(fs, new Path(override.toUri()))));
      }
    }
    if (cfg.templatize() != null) {
      for (TemplatizeConfig.DatasetConfig ds : cfg.templatize().datasets()) {
        out.computeIfAbsent(ds.templates(), p -> PromptFiles.sha256(readBytes(fs, new Path(p))));
      }
    }
    return out;
  }

  static Map<String, String> settings(JobConfig cfg) {
    Map<String, String> s = new LinkedHashMap<>();
    DedupConfig d = cfg.dedup();
    s.put("Exact dedup", d.exact() ? "on (case and white space folded)" : "off");
    s.put("Near dedup", d.near()
        ? "ROUGE-L F > " + d.rouge().threshold() + " on `" + d.field() + "` (tokenizer `" + d.rouge().tokenizer() + "`), against earlier "
            + "kept rows" + (d.earlierRuns() ? " and earlier nights" : "")
        : "off");
    s.put("Filters", cfg.filters().enabled()
        ? "on (blocklist `" + cfg.filters().blocklist() + "`, " + cfg.filters().minWords() + "-" + cfg.filters().maxWords()
            + " words)"
        : "off");
    SplitConfig sp = cfg.split();
    s.put("Split", "seed " + sp.seed() + ", eval fraction " + sp.evalFraction() + ", min eval per task "
        + sp.minEvalPerTask() + (sp.holdoutClusters().isEmpty() ? "" : ", held-out clusters " + sp.holdoutClusters()));
    if (cfg.llm() != null) {
      s.put("LLM", "provider `" + cfg.llm().provider() + "`, model `" + cfg.llm().model() + "`, endpoint `"
          + cfg.llm().endpoint() + "`");
    }
    return s;
  }

  /** True when no card of a later date than {@code runDate} is published. */
  static boolean newest(FileSystem fs, String publishedRoot, String runDate) {
    Path cards = new Path(publishedRoot, CARDS);
    try {
      if (!fs.exists(cards)) {
        return true;
      }
      for (FileStatus f : fs.listStatus(cards)) {
        String name = f.getPath().getName();
        if (name.startsWith("run_date=") && name.substring("run_date=".length()).compareTo(runDate) > 0) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + cards + ": " + e.getMessage(), e);
    }
  }

  private static FileSystem fileSystem(Configuration hadoop, String root) {
    try {
      return new Path(root).getFileSystem(hadoop);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + root + ": " + e.getMessage(), e);
    }
  }

  private static byte[] readBytes(FileSystem fs, Path p) {
    try (InputStream in = p.getFileSystem(fs.getConf()).open(p)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + " to hash it for the dataset card: " + e.getMessage(), e);
    }
  }

  private static void writeText(FileSystem fs, Path p, String text) {
    try {
      try (OutputStream out = fs.create(p, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      Exporter.dropChecksums(fs, p.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + p + ": " + e.getMessage(), e);
    }
  }
}
