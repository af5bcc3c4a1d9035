package org.instructsynth.pipeline.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.instructsynth.core.io.Json;

/**
 * One publish of one night: {@code _commits/<run_date>/<seq>.json}. It is the single point of
 * visibility: readers see a date's tables exactly as the newest record of that date names them
 * (parquet/jsonl: the version folder; iceberg/delta: the newest record of all dates pins every table
 * to a snapshot id / version).
 *
 * @param seq commit number, increasing over the whole output (all dates)
 * @param runId the run that published
 * @param runDate the date published
 * @param format output format of every table named here
 * @param committedAt ISO instant the record was written
 * @param tables table name to what was committed
 * @param exports the exports and card paths this night publishes, relative to {@code <output>/exports}
 *     ({@code messages/run_date=D}, {@code _cards/run_date=D}, {@code README.md}); staged under
 *     {@code _staging/<run_id>/exports/} and moved into place right after this record is written (a
 *     crash in between is finished by the next run, see {@link PublishedExports}). Empty: the night
 *     publishes no exports (export.formats: []) and leaves the date's earlier ones as they are.
 */
public record CommitRecord(long seq, String runId, String runDate, String format, String committedAt,
    Map<String, TableCommit> tables, List<String> exports) {

  public CommitRecord {
    exports = List.copyOf(exports);
  }

  /** This record with {@code exports} (the tables' part of a commit is prepared before the exports are known). */
  public CommitRecord withExports(List<String> paths, String at) {
    return new CommitRecord(seq, runId, runDate, format, at, tables, paths);
  }

  /**
   * One table in a commit.
   *
   * @param rows rows of this date in this table
   * @param schemaHash first 16 hex digits of SHA-256 over the Spark schema JSON
   * @param location parquet/jsonl: the version folder; iceberg: table location or catalog identifier;
   *     delta: table path
   * @param version parquet/jsonl: commit seq of the folder; iceberg: snapshot id; delta: table version
   */
  public record TableCommit(long rows, String schemaHash, String location, long version) {}

  public String toJson() {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("seq", seq);
    n.put("run_id", runId);
    n.put("run_date", runDate);
    n.put("format", format);
    n.put("committed_at", committedAt);
    ObjectNode t = n.putObject("tables");
    tables.forEach((name, c) -> {
      ObjectNode e = t.putObject(name);
      e.put("rows", c.rows());
      e.put("schema_hash", c.schemaHash());
      e.put("location", c.location());
      e.put(format.equals("iceberg") ? "snapshot_id" : format.equals("delta") ? "delta_version" : "version", c.version());
    });
    ArrayNode x = n.putArray("exports");
    exports.forEach(x::add);
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a commit record", e);
    }
  }

  /** Parses a record; null when the text is not a complete record (readers skip it). */
  public static CommitRecord parse(String text) {
    try {
      JsonNode n = Json.MAPPER.readTree(text);
      if (n == null || !n.has("seq") || !n.has("tables") || !n.has("run_date")) {
        return null;
      }
      Map<String, TableCommit> tables = new LinkedHashMap<>();
      n.get("tables").fields().forEachRemaining(e -> {
        JsonNode t = e.getValue();
        long version = t.has("snapshot_id") ? t.get("snapshot_id").asLong()
            : t.has("delta_version") ? t.get("delta_version").asLong() : t.path("version").asLong();
        tables.put(e.getKey(), new TableCommit(t.path("rows").asLong(), t.path("schema_hash").asText(),
            t.path("location").asText(), version));
      });
      List<String> exports = new ArrayList<>();
      n.path("exports").forEach(p -> exports.add(p.asText())); // absent in records written before exports were published
      return new CommitRecord(n.get("seq").asLong(), n.path("run_id").asText(), n.get("run_date").asText(),
          n.path("format").asText(), n.path("committed_at").asText(), tables, exports);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
