package org.instructsynth.pipeline.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;

/**
 * Per-call journal that bounds what a lost task re-pays. Each task appends every finished call as
 * one JSON line (a ledger row) and flushes it; a retried task, or a rerun after a crash, replays the
 * ok rows found in the journal instead of calling again. So a task that dies re-pays at most its
 * calls in flight (plus, on stores without flush such as S3, the calls since its file was opened).
 *
 * <p>Lives in {@code <ledger>/_journal/<run_date>-<recipe>/}, which Spark's readers skip (leading
 * underscore); the stage deletes it once the ledger write has committed.
 */
final class CallJournal implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FSDataOutputStream out;

  private CallJournal(FSDataOutputStream out) {
    this.out = out;
  }

  static Path dir(String ledgerPath, String runDate, String recipe) {
    return new Path(ledgerPath + "/_journal/" + (runDate + "-" + recipe).replaceAll("[^A-Za-z0-9._-]", "_"));
  }

  static CallJournal open(FileSystem fs, Path dir, int partition) {
    try {
      return new CallJournal(fs.create(new Path(dir, "part-" + partition + "-" + UUID.randomUUID() + ".jsonl"), false));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the LLM call journal under " + dir + ": " + e.getMessage()
          + "; the ledger folder must be writable from the executors", e);
    }
  }

  /** Ok rows of every journal file in {@code dir}, by request key; empty when there is none. */
  static Map<String, Row> load(FileSystem fs, Path dir, boolean java8Time) {
    Map<String, Row> rows = new HashMap<>();
    try {
      if (!fs.exists(dir)) {
        return rows;
      }
      for (FileStatus file : fs.listStatus(dir)) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(fs.open(file.getPath()), StandardCharsets.UTF_8))) {
          String line;
          while ((line = reader.readLine()) != null) {
            JsonNode n;
            try {
              n = JSON.readTree(line);
            } catch (IOException torn) {
              continue; // the last line of a task that died mid-write; that call is simply made again
            }
            if (n != null && "ok".equals(n.path("status").asText())) {
              rows.put(n.get("request_key").asText(), toRow(n, java8Time));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the LLM call journal " + dir + ": " + e.getMessage(), e);
    }
    return rows;
  }

  /** Appends one ledger row (in {@link Ledger#SCHEMA} order) and flushes it to the store. */
  void append(Row row) {
    ObjectNode n = Ledger.toJson(row, Instant::toEpochMilli, true, null);
    try {
      out.write((n.toString() + "\n").getBytes(StandardCharsets.UTF_8));
      out.hflush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the LLM call journal: " + e.getMessage(), e);
    }
  }

  private static Row toRow(JsonNode n, boolean java8Time) {
    Instant created = Instant.ofEpochMilli(n.path("created_at").asLong());
    return Ledger.of(
        text(n, "request_key"), text(n, "recipe"), text(n, "stage"), text(n, "model"), text(n, "request"), text(n, "response"),
        text(n, "finish_reason"), n.path("prompt_tokens").asLong(), n.path("completion_tokens").asLong(), n.path("latency_ms").asLong(),
        n.path("attempts").asInt(), text(n, "status"), n.path("http_status").isNumber() ? n.get("http_status").asInt() : null,
        text(n, "error"), n.path("cost_usd").isNumber() ? n.get("cost_usd").asDouble() : null,
        java8Time ? created : Timestamp.from(created), text(n, "run_date"), n.path("cached_tokens").asLong(0));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the LLM call journal: " + e.getMessage(), e);
    }
  }
}
