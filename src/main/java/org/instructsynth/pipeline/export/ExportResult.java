package org.instructsynth.pipeline.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.instructsynth.core.export.ExportedFile;

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

  /** The report's {@code exports} object. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("root", root);
    ArrayNode fs = o.putArray("files");
    for (ExportedFile f : files) {
      ObjectNode n = fs.addObject();
      n.put("format", f.format());
      n.put("split", f.split());
      n.put("rows", f.rows());
      if (f.path() != null) {
        n.put("path", f.path());
      }
    }
    o.put("unmatched_comparisons", unmatchedComparisons);
    ArrayNode w = o.putArray("written");
    written.forEach(w::add);
    return o;
  }
}
