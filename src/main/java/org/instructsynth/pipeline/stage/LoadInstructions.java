package org.instructsynth.pipeline.stage;

import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.instructsynth.core.ContentHash;
import org.instructsynth.core.io.InstructionRecord;
import org.instructsynth.core.io.LineDecoder;
import org.instructsynth.core.io.MalformedRecordException;
import org.instructsynth.core.io.UnnaturalInstructions;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.InputFiles;
import org.instructsynth.pipeline.LineSource;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.Stage;
import org.instructsynth.pipeline.WorkRow;

/**
 * Loads an instruction set (Alpaca JSON array, JSON Lines, Parquet, or Unnatural Instructions' JSON Lines,
 * {@link UnnaturalInstructions}) into work rows. A record that
 * cannot be decoded or lacks a required field is dropped with reason {@code malformed_input}, its file,
 * line and raw text.
 */
public final class LoadInstructions implements Stage {
  public static final String MALFORMED = LineSource.MALFORMED;

  private final List<String> paths;
  private final String format;
  private final Map<String, String> fields;
  private final Naming naming;
  private final int fileOffset;

  /**
   * @param naming task and provenance columns for the loaded rows
   * @param fileOffset added to file indexes so several loads keep distinct processing orders
   */
  public LoadInstructions(List<String> paths, String format, Map<String, String> fields, Naming naming, int fileOffset) {
    this.paths = paths;
    this.format = format;
    this.fields = Map.copyOf(fields);
    this.naming = naming;
    this.fileOffset = fileOffset;
  }

  /** Task and provenance columns given to every loaded row. */
  public record Naming(String taskId, String taskName, String cluster, String language, String recipe, String source)
      implements java.io.Serializable {}

  @Override
  public String name() {
    return "load";
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> in, RunContext ctx) {
    var cfg = ctx.config();
    List<String> files = InputFiles.expand(ctx.spark().sparkContext().hadoopConfiguration(), paths);
    Dataset<Row> lines =
        LineSource.read(ctx.spark(), files, format, cfg.input().maxRecordBytes(), cfg.output().maxRawChars(), fileOffset);
    ParseLine parse = new ParseLine(fields, naming, cfg.output().maxRawChars());
    if (UnnaturalInstructions.isFormat(format)) {
      boolean full = UnnaturalInstructions.FULL.equals(format);
      return lines.flatMap((FlatMapFunction<Row, Row>) line -> parse.records(line, full).iterator(), Encoders.row(Columns.ANNOTATED));
    }
    return lines.map(parse, Encoders.row(Columns.ANNOTATED));
  }

  /** Parses one line into a work row, or marks it malformed. */
  static final class ParseLine implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Map<String, String> fields;
    private final Naming naming;
    private final int maxRawChars;

    ParseLine(Map<String, String> fields, Naming naming, int maxRawChars) {
      this.fields = fields;
      this.naming = naming;
      this.maxRawChars = maxRawChars;
    }

    @Override
    public Row call(Row line) {
      return records(line, null).get(0);
    }

    /**
     * The rows of one line: one for an instruction-set record; with {@code unnatural} non-null, one per
     * Unnatural Instructions instance (and paraphrase when {@code unnatural} is true). A line that
     * cannot be read gives one {@code malformed_input} row.
     */
    java.util.List<Row> records(Row line, Boolean unnatural) {
      WorkRow w =
          LineSource.workRow(line)
              .set("task_id", naming.taskId())
              .set("task_name", naming.taskName())
              .set("cluster", naming.cluster())
              .set("language", naming.language())
              .set("recipe", naming.recipe())
              .set("source", naming.source());
      String text = LineSource.text(line);
      if (text == null) {
        return java.util.List.of(LineSource.unreadable(w, line));
      }
      try {
        java.util.List<InstructionRecord> records =
            unnatural == null ? java.util.List.of(InstructionRecord.parse(text, fields)) : UnnaturalInstructions.parse(text, unnatural);
        java.util.List<Row> rows = new java.util.ArrayList<>(records.size());
        for (InstructionRecord r : records) {
          String id = ContentHash.id(r.instruction(), r.input(), r.output());
          rows.add(w.set("id", id)
              .set("instruction", r.instruction())
              .set("input", r.input())
              .set("output", r.output())
              .set(Columns.GROUP, id)
              .toRow());
        }
        return rows;
      } catch (MalformedRecordException e) {
        return java.util.List.of(w.drop(MALFORMED, e.getMessage()).set(Columns.RAW, LineDecoder.truncate(text, maxRawChars)).toRow());
      }
    }
  }
}
