package org.instructsynth.config;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * {@code input.*}: where the recipe's records come from.
 *
 * @param kind {@code instructions} (Alpaca-style rows) or {@code seed-tasks} (Self-Instruct's seed
 *     file; each instance becomes a row)
 * @param paths files, directories or globs (Hadoop paths, so {@code s3a://} and {@code hdfs://} work)
 * @param format {@code auto} (by extension and first character), {@code jsonl}, {@code json} (one
 *     JSON array per file, as Alpaca ships) or {@code parquet}
 * @param fields maps our field names ({@code instruction}, {@code input}, {@code output}) onto the
 *     names used in the file
 * @param maxRecordBytes longer lines are rejected as malformed input instead of being parsed
 * @param taskName the {@code task_id} and {@code task_name} given to an instruction set's rows
 * @param cluster the {@code cluster} given to an instruction set's rows
 * @param language the {@code language} of the rows (ISO 639-1)
 */
public record InputConfig(
    String kind,
    List<String> paths,
    String format,
    Map<String, String> fields,
    int maxRecordBytes,
    String taskName,
    String cluster,
    String language)
    implements Serializable {

  /** The file's name for one of our fields. */
  public String field(String ours) {
    return fields.getOrDefault(ours, ours);
  }
}
