package org.instructsynth.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.instructsynth.job.SqlShell;
import org.instructsynth.pipeline.publish.CommittedTables;
import org.instructsynth.testing.SparkTestSession;
import org.instructsynth.testing.TestJobs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tables' schemas are a contract with downstream readers: each is checked in under
 * conf/schemas/, and this test fails when code and file differ. If the change is intended, update the
 * file (the failure message prints the new content) and say so in the release notes.
 */
class SchemaContractTest {
  private static final String DATE = "2026-07-01";
  /** One curate run of the sample that the two tests over written tables read. */
  @TempDir static Path out;

  @BeforeAll
  static void runCurateOnce() {
    TestJobs.run("conf/curate.yaml", out, "run.date=" + DATE);
  }

  @Test
  void everyTableSchemaMatchesItsCheckedInFile() throws Exception {
    for (Map.Entry<String, StructType> t : Tables.all().entrySet()) {
      Path file = Path.of("conf/schemas", t.getKey() + ".json");
      assertThat(file).as("schema file for table " + t.getKey()).exists();
      StructType checkedIn = (StructType) DataType.fromJson(Files.readString(file));
      assertThat(t.getValue())
          .as("table '%s' changed schema; if intended, replace %s with:%n%s", t.getKey(), file, t.getValue().prettyJson())
          .isEqualTo(checkedIn);
    }
    try (var files = Files.list(Path.of("conf/schemas"))) {
      assertThat(files.map(p -> p.getFileName().toString().replace(".json", "")).sorted().toList())
          .as("every schema file belongs to a table").containsExactlyInAnyOrderElementsOf(Tables.all().keySet());
    }
  }

  @Test
  void writtenFilesCarryTheDeclaredColumnsAndTypes() {
    for (String table : List.of("train", "eval", "rejects")) {
      // the files of the version the commit record names (run_date is the folder above them)
      String location = CommittedTables.records(SparkTestSession.get(), out.toString()).get(0).tables().get(table).location();
      StructType written = SparkTestSession.get().read().parquet(out.resolve(location).toString()).schema();
      StructType declared = Tables.all().get(table);
      for (StructField f : declared.fields()) {
        if (!f.name().equals("run_date")) {
          assertThat(written.apply(f.name()).dataType()).as(table + "." + f.name()).isEqualTo(f.dataType());
        }
      }
      assertThat(written.fieldNames()).containsExactlyInAnyOrder(
          java.util.Arrays.stream(declared.fieldNames()).filter(n -> !n.equals("run_date")).toArray(String[]::new));
    }
  }

  @Test
  void sqlViewsAnswerQueriesOverEveryTable() {
    List<String> views = SqlShell.register(SparkTestSession.get(), out.toString());
    assertThat(views).containsExactly("train", "eval", "eval_unseen", "rejects", "commits");
    List<Row> rows = SparkTestSession.get().sql(
        "SELECT reason, COUNT(*) FROM rejects WHERE run_date = '" + DATE + "' GROUP BY reason ORDER BY reason").collectAsList();
    assertThat(rows).extracting(r -> r.getString(0)).contains("malformed_input", "near_duplicate", "exact_duplicate");
    assertThat(SparkTestSession.get().sql("SELECT COUNT(*) FROM train").first().getLong(0)).isPositive();
    // A query by a code's earlier name finds the rows (docs/rules.md, aliases)
    long byOldName = SparkTestSession.get().sql(
        "SELECT COUNT(*) FROM rejects WHERE reason_matches(reason, 'blacklisted_keyword')").first().getLong(0);
    long byName = SparkTestSession.get().sql(
        "SELECT COUNT(*) FROM rejects WHERE reason = 'blocklisted_keyword'").first().getLong(0);
    assertThat(byOldName).isPositive().isEqualTo(byName);
  }
}
