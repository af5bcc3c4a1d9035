package org.instructsynth.pipeline.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.RateShare;
import org.instructsynth.llm.sim.SimulatedLlmServer;
import org.instructsynth.llm.SimulatorSettings;
import org.instructsynth.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task that dies mid-partition re-pays at most its calls in flight when it is retried. */
class LlmJournalTest {
  @Test
  void aRetriedTaskReplaysJournaledCallsAndRePaysAtMostItsInFlightCalls(@TempDir Path out) {
    SparkSession spark = SparkTestSession.get();
    // 4 calls in flight: the task's share and (local mode: one executor holds it all) the JVM's shared limiter
    LlmSettings settings = LlmStageTest.settings(106).toBuilder().maxInFlight(4).partitions(1)
        .simulator(new SimulatorSettings(Duration.ofMillis(20), Duration.ofMillis(60), 0, 0, null, 106, "")).build();
    SimulatedLlmServer server = SimulatedLlmServer.shared(settings.simulator());
    RateShare share = RateShare.of(settings, 1);
    assertThat(share.maxInFlight()).isEqualTo(4);
    List<Row> input = LlmStageTest.frame(spark, LlmStageTest.requests(20, 0)).collectAsList();
    String journal = CallJournal.dir(out.toString(), "2026-01-01", "self-instruct").toString();
    SerializableConfiguration conf = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
    CallLlmPartition function = new CallLlmPartition(settings, share, "self-instruct", "2026-01-01", false, EnvLookup.SYSTEM,
        new LlmCounters(spark.sparkContext()), journal, conf);

    // first attempt: the task dies after handing 6 rows to Spark (calls in flight are lost)
    Iterator<Row> first = function.call(input.iterator());
    Map<String, String> firstResponses = new HashMap<>();
    for (int i = 0; i < 6; i++) {
      Row row = first.next();
      firstResponses.put(field(row, "request_key"), field(row, "response"));
    }
    long paidByFirst = server.requestCount();
    assertThat(paidByFirst).isBetween(6L, 6L + 4);

    // the retry replays the 6 journaled rows and calls the other 14
    List<Row> second = new ArrayList<>();
    function.call(input.iterator()).forEachRemaining(second::add);
    assertThat(second).hasSize(20);
    assertThat(second).allSatisfy(r -> assertThat(field(r, "status")).isEqualTo("ok"));
    for (Row r : second) {
      if (firstResponses.containsKey(field(r, "request_key"))) {
        assertThat(field(r, "response")).isEqualTo(firstResponses.get(field(r, "request_key")));
      }
    }
    long rePaid = server.requestCount() - 20;
    assertThat(rePaid).isBetween(0L, 4L); // at most the first attempt's in-flight share
  }

  private static String field(Row row, String name) {
    return row.getString(Ledger.SCHEMA.fieldIndex(name));
  }
}
