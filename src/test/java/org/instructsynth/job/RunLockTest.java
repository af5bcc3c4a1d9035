package org.instructsynth.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.instructsynth.core.UserError;
import org.instructsynth.core.io.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RunLock} on the local file system, with a clock the test moves. */
class RunLockTest {
  private static final Duration STALE = Duration.ofMinutes(10);
  private static final Configuration CONF = new Configuration();
  @TempDir Path out;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T02:15:00Z"));
  private StringWriter logs;
  private WriterAppender appender;

  @BeforeEach
  void captureLogs() {
    logs = new StringWriter();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    appender = WriterAppender.newBuilder().setName("lock-capture").setTarget(logs)
        .setLayout(PatternLayout.newBuilder().withPattern("%p %c{1}: %m%n").build()).build();
    appender.start();
    context.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
    context.updateLoggers();
  }

  @AfterEach
  void stopCapture() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().removeAppender("lock-capture");
    context.updateLoggers();
    appender.stop();
  }

  private RunLock acquire(String runId, Duration wait) {
    return RunLock.acquire(CONF, out.toString(), "2026-11-29", runId, STALE, wait, clock, false);
  }

  private Path lockFile() {
    return out.resolve("_locks").resolve("run_date=2026-11-29.lock");
  }

  @Test
  void aSecondRunIsRefusedNamingTheHolderUntilTheFirstReleases() throws Exception {
    try (RunLock first = acquire("run-a", Duration.ZERO)) {
      JsonNode held = Json.MAPPER.readTree(Files.readString(lockFile()));
      assertThat(held.path("run_id").asText()).isEqualTo("run-a");
      assertThat(held.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
      assertThat(held.path("host").asText()).isNotBlank();
      assertThat(held.path("started").asText()).isEqualTo("2026-11-30T02:15:00Z");

      UserError refused = catchThrowableOfType(UserError.class, () -> acquire("run-b", Duration.ZERO));
      assertThat(refused.kind()).isEqualTo(UserError.Kind.LOCKED);
      assertThat(refused.getMessage())
          .contains("another run holds the lock", "run run-a on host " + held.path("host").asText(),
              "pid " + ProcessHandle.current().pid(), "--wait-lock");
    }
    assertThat(lockFile()).doesNotExist();
    try (RunLock second = acquire("run-b", Duration.ZERO)) {
      assertThat(second.runId()).isEqualTo("run-b");
    }
  }

  @Test
  void aStaleLockIsTakenOverWithAWarning() throws Exception {
    writeDeadHolder("run-dead", clock.instant());
    clock.advance(STALE.minusSeconds(1));
    assertThat(catchThrowableOfType(UserError.class, () -> acquire("run-early", Duration.ZERO)).getMessage())
        .contains("run run-dead", "last heartbeat 599 s ago");

    clock.advance(Duration.ofSeconds(2));
    try (RunLock taken = acquire("run-new", Duration.ZERO)) {
      assertThat(Json.MAPPER.readTree(Files.readString(lockFile())).path("run_id").asText()).isEqualTo("run-new");
    }
    assertThat(logs.toString()).contains("WARN RunLock: taking over the stale run lock", "run run-dead", "taken for dead");
    try (var files = Files.list(lockFile().getParent())) {
      assertThat(files.toList()).as("no takeover claim left behind").isEmpty();
    }
  }

  @Test
  void ofRunsRacingToTakeOverOneStaleLockExactlyOneWins() throws Exception {
    int racers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      for (int round = 0; round < 15; round++) {
        writeDeadHolder("run-dead-" + round, clock.instant());
        clock.advance(STALE.plusSeconds(1));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<RunLock>> results = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
          String id = "racer-" + round + "-" + i;
          results.add(pool.submit(() -> {
            go.await();
            try {
              return acquire(id, Duration.ZERO);
            } catch (UserError e) {
              assertThat(e.kind()).isEqualTo(UserError.Kind.LOCKED);
              return null;
            }
          }));
        }
        go.countDown();
        List<RunLock> winners = new ArrayList<>();
        for (Future<RunLock> f : results) {
          RunLock l = f.get();
          if (l != null) {
            winners.add(l);
          }
        }
        assertThat(winners).as("round %d", round).hasSize(1);
        String holder = Json.MAPPER.readTree(Files.readString(lockFile())).path("run_id").asText();
        assertThat(holder).isEqualTo(winners.get(0).runId());
        winners.get(0).close();
        assertThat(lockFile()).doesNotExist();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theHolderRefreshesItsHeartbeatAndNoticesWhenItLostTheLock() throws Exception {
    Duration stale = Duration.ofSeconds(1);
    try (RunLock lock = RunLock.acquire(CONF, out.toString(), "2026-11-29", "run-live", stale, Duration.ZERO,
        Clock.systemUTC(), false)) {
      Instant first = Instant.parse(Json.MAPPER.readTree(Files.readString(lockFile())).path("heartbeat").asText());
      Thread.sleep(450);
      Instant later = Instant.parse(Json.MAPPER.readTree(Files.readString(lockFile())).path("heartbeat").asText());
      assertThat(later).isAfter(first);
      lock.checkHeld();

      // Another run took it over (as after a pause longer than lock-stale-after): the holder notices.
      Files.writeString(lockFile(), "{\"run_id\":\"run-other\",\"host\":\"h2\",\"token\":\"t2\",\"heartbeat\":\""
          + Instant.now() + "\"}");
      Thread.sleep(450);
      UserError lost = catchThrowableOfType(UserError.class, lock::checkHeld);
      assertThat(lost.getMessage()).contains("lost its lock", "run run-other on h2");
    }
    assertThat(Files.readString(lockFile())).as("the other run's lock is left alone").contains("run-other");
  }

  @Test
  void aWaitingRunTakesTheLockOnceTheHolderReleasesIt() throws Exception {
    Duration stale = Duration.ofSeconds(2);
    RunLock first = RunLock.acquire(CONF, out.toString(), "2026-11-29", "run-a", stale, Duration.ZERO, Clock.systemUTC(), false);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<RunLock> waiting = pool.submit(() -> RunLock.acquire(CONF, out.toString(), "2026-11-29", "run-b", stale,
          Duration.ofSeconds(30), Clock.systemUTC(), false));
      Thread.sleep(500);
      assertThat(waiting.isDone()).as("still waiting while run-a holds the lock").isFalse();
      first.close();
      try (RunLock second = waiting.get()) {
        assertThat(second.runId()).isEqualTo("run-b");
      }
      assertThat(logs.toString()).contains("waiting up to PT30S for run run-a");
    } finally {
      pool.shutdownNow();
    }
  }

  /** The lock file a run leaves when it is killed with SIGKILL: its heartbeat stops at {@code beat}. */
  private void writeDeadHolder(String runId, Instant beat) throws Exception {
    Files.createDirectories(lockFile().getParent());
    Files.writeString(lockFile(), Json.MAPPER.createObjectNode().put("run_id", runId).put("host", "gone")
        .put("pid", 1).put("started", beat.toString()).put("heartbeat", beat.toString())
        .put("token", "token-" + runId).toString());
  }

  /** A clock the test moves by hand, shared by every racer. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
