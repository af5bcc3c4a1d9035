package org.instructsynth.pipeline.stage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.instructsynth.core.ContentHash;
import org.instructsynth.core.Instance;
import org.instructsynth.core.SeedTask;
import org.instructsynth.core.io.LineDecoder;
import org.instructsynth.core.io.MalformedRecordException;
import org.instructsynth.core.io.SeedTaskParser;
import org.instructsynth.pipeline.Columns;
import org.instructsynth.pipeline.InputFiles;
import org.instructsynth.pipeline.LineSource;
import org.instructsynth.pipeline.RunContext;
import org.instructsynth.pipeline.Stage;
import org.instructsynth.pipeline.WorkRow;

/**
 * Loads seed tasks (Self-Instruct's {@code seed_tasks.jsonl}, unchanged) as examples: one row per
 * instance, as Self-Instruct's {@code prepare_for_finetuning.py} turns seeds into training data. A line
 * that is not a valid seed task is one {@code malformed_input} reject with its line number.
 */
public final class LoadSeedTasks implements Stage {
  private final List<String> paths;
  private final String recipe;
  private final String defaultLanguage;
  private final int fileOffset;

  public LoadSeedTasks(List<String> paths, String recipe, String defaultLanguage, int fileOffset) {
    this.paths = List.copyOf(paths);
    this.recipe = recipe;
    this.defaultLanguage = defaultLanguage;
    this.fileOffset = fileOffset;
  }

  @Override
  public String name() {
    return "load";
  }

  @Override
  public Dataset<Row> apply(Dataset<Row> in, RunContext ctx) {
    var cfg = ctx.config();
    List<String> files = InputFiles.expand(ctx.spark().sparkContext().hadoopConfiguration(), paths);
    return LineSource.read(ctx.spark(), files, "jsonl", cfg.input().maxRecordBytes(), cfg.output().maxRawChars(), fileOffset)
        .flatMap(new ParseSeed(recipe, defaultLanguage, cfg.output().maxRawChars()), Encoders.row(Columns.ANNOTATED));
  }

  /** One seed line to one row per instance, or one reject. */
  static final class ParseSeed implements FlatMapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final String recipe;
    private final String defaultLanguage;
    private final int maxRawChars;

    ParseSeed(String recipe, String defaultLanguage, int maxRawChars) {
      this.recipe = recipe;
      this.defaultLanguage = defaultLanguage;
      this.maxRawChars = maxRawChars;
    }

    @Override
    public Iterator<Row> call(Row line) {
      WorkRow base = LineSource.workRow(line)
          .set("recipe", recipe)
          .set("source", "seed");
      String text = LineSource.text(line);
      if (text == null) {
        return List.of(LineSource.unreadable(base, line)).iterator();
      }
      SeedTask task;
      try {
        task = SeedTaskParser.parse(text);
      } catch (MalformedRecordException e) {
        return List.of(base.drop(LoadInstructions.MALFORMED, e.getMessage())
            .set(Columns.RAW, LineDecoder.truncate(text, maxRawChars)).toRow()).iterator();
      }
      List<Row> out = new ArrayList<>();
      for (Instance inst : task.instances()) {
        String id = ContentHash.id(task.instruction(), inst.input(), inst.output());
        out.add(base.copy()
            .set("id", id)
            .set("task_id", task.id())
            .set("task_name", task.name())
            .set("task_type", task.taskType())
            .set("cluster", task.cluster().isEmpty() ? null : task.cluster())
            .set("language", task.language().isEmpty() ? defaultLanguage : task.language())
            .set("instruction", task.instruction())
            .set("input", inst.input())
            .set("output", inst.output())
            .set(Columns.GROUP, "seed:" + task.id())
            .toRow());
      }
      return out.iterator();
    }
  }
}
