package org.instructsynth.pipeline.stage;

import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.instructsynth.core.ContentHash;
import org.instructsynth.core.io.InstructionRecord;
import org.instructsynth.core.io.LineDecoder;
import org.instructsynth.core.io.MalformedRecordException;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.InputFiles;
import org.instructsynth.pipeline.LineSource;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.Stage;
import org.instructsynth.pipeline.WorkRow;

/**
 * Loads an instruction set (Alpaca JSON array, JSON Lines or Parquet) into work rows. A record that
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
    return lines.map(new ParseLine(fields, naming, cfg.output().maxRawChars()), Encoders.row(Columns.ANNOTATED));
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
        return LineSource.unreadable(w, line);
      }
      try {
        InstructionRecord r = InstructionRecord.parse(text, fields);
        String id = ContentHash.id(r.instruction(), r.input(), r.output());
        return w.set("id", id)
            .set("instruction", r.instruction())
            .set("input", r.input())
            .set("output", r.output())
            .set(Columns.GROUP, id)
            .toRow();
      } catch (MalformedRecordException e) {
        return w.drop(MALFORMED, e.getMessage()).set(Columns.RAW, LineDecoder.truncate(text, maxRawChars)).toRow();
      }
    }
  }
}
