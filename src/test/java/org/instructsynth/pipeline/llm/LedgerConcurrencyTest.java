package org.instructsynth.pipeline.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.instructsynth.llm.LlmRequest;
import org.instructsynth.llm.LlmSettings;
import org.instructsynth.llm.sim.SimulatedLlmServer;
import org.instructsynth.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Two writers of one ledger at once never leave two ok rows for one request key. */
class LedgerConcurrencyTest {
  @Test
  void theLockAdmitsOneHolderAtATime(@TempDir Path dir) throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path ledger = new org.apache.hadoop.fs.Path(dir.toUri());
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger entries = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CyclicBarrier start = new CyclicBarrier(4);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      done.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < 25; i++) {
          try (LedgerLock lock = LedgerLock.acquire(fs, ledger, "writer " + id)) {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            entries.incrementAndGet();
            Thread.sleep(1);
            inside.decrementAndGet();
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get(2, TimeUnit.MINUTES);
    }
    pool.shutdown();
    assertThat(entries.get()).isEqualTo(100);
    assertThat(most.get()).isEqualTo(1);
    assertThat(dir.resolve(LedgerLock.NAME)).doesNotExist();
  }

  /** On the executors (driver-max-requests 0) and on the driver (the 24 requests are a small batch). */
  @ParameterizedTest
  @ValueSource(ints = {0, 1000})
  void twoRunsOfDifferentDatesPayingTheSameKeysLeaveOneOkRowPerKey(int driverMaxRequests, @TempDir Path out) throws Exception {
    SparkSession spark = SparkTestSession.get();
    LlmSettings base = LlmStageTest.settings(301 + driverMaxRequests).toBuilder().partitions(2).build();
    LlmSettings settings = base.toBuilder().calls(base.calls().withDriverMaxRequests(driverMaxRequests)).build();
    SimulatedLlmServer sim = SimulatedLlmServer.shared(settings.simulator());
    List<LlmRequest> requests = LlmStageTest.requests(24, 0);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CyclicBarrier start = new CyclicBarrier(2);
    List<Future<LlmStage.Result>> runs = new ArrayList<>();
    for (String date : List.of("2026-01-01", "2026-01-02")) {
      LlmStage.Options options = new LlmStage.Options(settings, out.toString(), date, "self-instruct", "parquet");
      runs.add(pool.submit(() -> {
        start.await();
        return LlmStage.run(spark, LlmStageTest.frame(spark, requests), options);
      }));
    }
    long paid = 0;
    long duplicates = 0;
    for (Future<LlmStage.Result> f : runs) {
      LlmStage.Result r = f.get(10, TimeUnit.MINUTES);
      assertThat(r.rows().filter("status = 'ok'").count()).isEqualTo(24); // each run sees an ok answer for every key
      paid += r.ok() + r.duplicatePaid();
      duplicates += r.duplicatePaid();
    }
    pool.shutdown();
    Dataset<Row> ledger = spark.read().parquet(out.resolve("llm_calls").toString());
    Dataset<Row> ok = ledger.filter("status = 'ok'");
    assertThat(ok.count()).isEqualTo(24);
    assertThat(ok.select("request_key").distinct().count()).isEqualTo(24);
    // every payment is in the ledger: the second payment of a key is a duplicate_paid row with its cost
    assertThat(ledger.filter("status in ('ok', 'duplicate_paid')").count()).isEqualTo(sim.requestCount()).isEqualTo(paid);
    assertThat(ledger.filter("status = 'duplicate_paid'").count()).isEqualTo(duplicates);
    assertThat(out.resolve("llm_calls/_lock")).doesNotExist();
    if (Files.exists(out.resolve("llm_calls/_staging"))) { // the driver path stages nothing
      assertThat(out.resolve("llm_calls/_staging")).isEmptyDirectory();
    }
  }
}
