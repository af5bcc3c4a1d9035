package org.instructsynth.pipeline.export;

import java.util.ArrayList;
import java.util.List;
import org.instructsynth.core.export.ExportedFile;
import org.instructsynth.core.report.Report;

/**
 * What {@link Exporter} wrote.
 *
 * @param root the published exports root the file paths are relative to ({@link ExportSink#publishedRoot()})
 * @param files every split of every format (rows 0 and no path for an empty split)
 * @param written the paths under {@code root} this run created, relative ({@code messages/run_date=D},
 *     {@code _cards/run_date=D}, {@code README.md}): what a publish step moves into place
 * @param unmatchedComparisons comparisons with no example in this date's splits, left out
 * @param userPrompt how the user turn was rendered
 * @param languages the distinct {@code language} values of the examples
 * @param models the distinct {@code model} values of the examples, then the comparisons' judge models
 */
public record ExportResult(String root, List<ExportedFile> files, List<String> written, long unmatchedComparisons,
    String userPrompt, List<String> languages, List<String> models) {

  /** The report's {@code exports} object; {@code moreWritten} (the dataset card's paths) after {@link #written}. */
  public Report.Exports toReport(List<String> moreWritten) {
    List<Report.ExportFile> fs = new ArrayList<>();
    for (ExportedFile f : files) {
      fs.add(new Report.ExportFile(f.format(), f.split(), f.rows(), f.path()));
    }
    List<String> all = new ArrayList<>(written);
    all.addAll(moreWritten);
    return new Report.Exports(root, fs, unmatchedComparisons, all);
  }
}
