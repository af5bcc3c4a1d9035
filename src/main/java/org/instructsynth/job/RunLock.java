package org.instructsynth.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.instructsynth.core.UserError;
import org.instructsynth.core.io.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run per output and date: the file {@code <output>/_locks/run_date=<date>.lock}, created only if
 * it does not exist (atomic on the output's own file system, see {@link LockFiles}), holding the run
 * id, host, pid, start time and a heartbeat that a daemon thread refreshes every tenth of {@code
 * run.lock-stale-after}. {@link #close()} (and a JVM shutdown hook, for SIGTERM) deletes it.
 *
 * <p>A lock whose heartbeat is older than {@code run.lock-stale-after} belonged to a run that died
 * without releasing it and is taken over with a warning. The takeover is race-free: a taker must first
 * create {@code <lock>.takeover-<token of the stale holder>} (again create-if-absent, so one taker per
 * stale holder wins), and deletes the lock only if it still holds that token; the creation of the new
 * lock then decides between the winner and any fresh run, as for a free lock.
 */
public final class RunLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
  static final String DIR = "_locks";
  /** How often a waiting run looks at the lock again: 5 s, or a twentieth of the stale time if shorter. */
  private static final Duration MAX_POLL = Duration.ofSeconds(5);

  private final LockFiles files;
  private final Path path;
  private final Clock clock;
  private final ObjectNode content;
  private final String token;
  private final Duration staleAfter;
  private final ScheduledExecutorService heartbeat;
  private final Thread hook;
  private volatile String lostTo;
  private boolean released;

  private RunLock(LockFiles files, Path path, Clock clock, ObjectNode content, Duration staleAfter, boolean hook) {
    this.files = files;
    this.path = path;
    this.clock = clock;
    this.content = content;
    this.token = content.path("token").asText();
    this.staleAfter = staleAfter;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "run-lock-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(100, staleAfter.toMillis() / 10);
    heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    this.hook = hook ? new Thread(this::close, "run-lock-release") : null;
    if (this.hook != null) {
      Runtime.getRuntime().addShutdownHook(this.hook);
    }
  }

  /** The lock file of one output and date. */
  public static Path pathOf(String output, String runDate) {
    return new Path(new Path(output, DIR), "run_date=" + runDate + ".lock");
  }

  /**
   * Takes the lock of {@code output} and {@code runDate} for run {@code runId}, waiting up to {@code
   * wait} for a live holder to release it.
   *
   * @throws UserError of kind {@link UserError.Kind#LOCKED} naming the holder when it is still held
   *     after {@code wait}
   */
  public static RunLock acquire(Configuration conf, String output, String runDate, String runId, Duration staleAfter,
      Duration wait) {
    return acquire(conf, output, runDate, runId, staleAfter, wait, Clock.systemUTC(), true);
  }

  static RunLock acquire(Configuration conf, String output, String runDate, String runId, Duration staleAfter,
      Duration wait, Clock clock, boolean shutdownHook) {
    Path path = pathOf(output, runDate);
    try {
      LockFiles files = LockFiles.on(path, conf);
      files.mkdirs(path.getParent());
      ObjectNode me = Json.MAPPER.createObjectNode()
          .put("run_id", runId).put("host", host()).put("pid", ProcessHandle.current().pid())
          .put("started", clock.instant().toString()).put("heartbeat", clock.instant().toString())
          .put("token", UUID.randomUUID().toString());
      Instant deadline = clock.instant().plus(wait);
      boolean waitLogged = false;
      while (true) {
        me.put("heartbeat", clock.instant().toString());
        if (files.createNew(path, bytes(me))) {
          LOG.info("run {} holds the lock {}", runId, path);
          return new RunLock(files, path, clock, me, staleAfter, shutdownHook);
        }
        JsonNode holder = read(files, path);
        if (holder == null) {
          continue;  // released between our attempt and the read: try again at once
        }
        Instant beat = heartbeatOf(holder);
        if (beat != null && Duration.between(beat, clock.instant()).compareTo(staleAfter) > 0) {
          takeOver(files, path, holder, me, staleAfter, clock);
          continue;
        }
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
          throw held(path, holder, clock, staleAfter, wait);
        }
        if (!waitLogged) {
          LOG.info("waiting up to {} for {} (--wait-lock)", wait, describe(holder, clock));
          waitLogged = true;
        }
        long poll = Math.min(MAX_POLL.toMillis(), Math.max(50, staleAfter.toMillis() / 20));
        Thread.sleep(Math.min(poll, Math.max(10, left.toMillis())));
      }
    } catch (IOException e) {
      throw UserError.run("cannot take the run lock " + path + ": " + e.getMessage()
          + ". The output's file system must allow creating files under output.path; check that it is reachable and"
          + " writable, then rerun", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw UserError.locked("interrupted while waiting for the run lock " + path);
    }
  }

  /**
   * Deletes a stale lock if this taker is the one that claims it: the claim is the file
   * {@code <lock>.takeover-<token>}, created only if absent, so of two takers of one stale lock exactly
   * one deletes it.
   */
  private static void takeOver(LockFiles files, Path path, JsonNode stale, ObjectNode me, Duration staleAfter, Clock clock)
      throws IOException, InterruptedException {
    Path claim = new Path(path.getParent(), path.getName() + ".takeover-" + stale.path("token").asText("none"));
    if (!files.createNew(claim, bytes(me))) {
      JsonNode other = read(files, claim);
      Instant since = other == null ? null : heartbeatOf(other);
      if (since != null && Duration.between(since, clock.instant()).compareTo(staleAfter) > 0) {
        LOG.warn("removing the abandoned takeover claim {} (its taker died mid-takeover)", claim);
        files.delete(claim);
      } else {
        Thread.sleep(50);  // another run is taking it over; the next round sees its lock (or a free one)
      }
      return;
    }
    try {
      JsonNode now = read(files, path);
      if (now != null && now.path("token").asText().equals(stale.path("token").asText())) {
        LOG.warn("taking over the stale run lock {}: run {} on {} (pid {}) last showed a heartbeat at {}, more than "
                + "run.lock-stale-after ({}) ago; it is taken for dead", path, stale.path("run_id").asText(),
            stale.path("host").asText(), stale.path("pid").asText(), stale.path("heartbeat").asText(), staleAfter);
        files.delete(path);
      }
    } finally {
      files.delete(claim);
    }
  }

  /** Refreshes the heartbeat; notices when another run took the lock over. */
  private synchronized void beat() {
    if (released || lostTo != null) {
      return;
    }
    try {
      JsonNode now = read(files, path);
      if (now == null || !token.equals(now.path("token").asText())) {
        lostTo = now == null ? "nobody (the lock file was deleted)" : "run " + now.path("run_id").asText()
            + " on " + now.path("host").asText();
        LOG.error("run {} lost its lock {} to {}: it showed no heartbeat for longer than run.lock-stale-after "
            + "(was the JVM paused?)", content.path("run_id").asText(), path, lostTo);
        return;
      }
      content.put("heartbeat", clock.instant().toString());
      files.replace(path, bytes(content));
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot refresh the heartbeat of the run lock {}: {}", path, e.getMessage());
    }
  }

  /**
   * Throws when another run took this lock over while this run was alive (it missed heartbeats for
   * longer than {@code run.lock-stale-after}): its outputs may be mixed with the other run's.
   */
  public void checkHeld() {
    if (lostTo != null) {
      throw UserError.of(UserError.Kind.RUN, "this run lost its lock " + path + " to " + lostTo,
          "it showed no heartbeat for longer than run.lock-stale-after (" + staleAfter + "), so it was taken for dead",
          "Rerun the date once the other run finished; raise run.lock-stale-after if the driver pauses that long");
    }
  }

  public Path path() {
    return path;
  }

  /** The id of the run holding this lock. */
  public String runId() {
    return content.path("run_id").asText();
  }

  /** Stops the heartbeat and deletes the lock file if this run still holds it. */
  @Override
  public synchronized void close() {
    if (released) {
      return;
    }
    released = true;
    heartbeat.shutdownNow();
    if (hook != null && Thread.currentThread() != hook) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down; the hook runs or ran
      }
    }
    try {
      JsonNode now = read(files, path);
      if (now != null && token.equals(now.path("token").asText())) {
        files.delete(path);
        LOG.info("released the run lock {}", path);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot release the run lock {} ({}); the next run takes it over after run.lock-stale-after ({})",
          path, e.getMessage(), staleAfter);
    }
  }

  private static UserError held(Path path, JsonNode holder, Clock clock, Duration staleAfter, Duration wait) {
    return UserError.of(UserError.Kind.LOCKED,
        "another run holds the lock of this output and date: " + describe(holder, clock)
            + (wait.isZero() ? "" : ", still after waiting " + wait),
        "two runs of one output and date would pay for the same LLM calls twice and overwrite each other's tables",
        "Let it finish, or rerun with --wait-lock DURATION (e.g. --wait-lock 30m) to wait for it. A holder that died is"
            + " taken over once its heartbeat is older than run.lock-stale-after (" + staleAfter + "); delete " + path
            + " only if you are sure that run is gone");
  }

  static String describe(JsonNode holder, Clock clock) {
    Instant beat = heartbeatOf(holder);
    String age = beat == null ? "unknown" : Duration.between(beat, clock.instant()).toSeconds() + " s";
    return "run " + holder.path("run_id").asText("?") + " on host " + holder.path("host").asText("?") + " (pid "
        + holder.path("pid").asText("?") + "), started " + holder.path("started").asText("?")
        + ", last heartbeat " + age + " ago";
  }

  /**
   * The lock's content, or null when the file does not exist. A file that is not (yet) JSON, being
   * written right now or left half-written by a crash, reads as a holder whose heartbeat is the file's
   * modification time.
   */
  private static JsonNode read(LockFiles files, Path path) throws IOException {
    byte[] b = files.read(path);
    if (b == null) {
      return null;
    }
    try {
      JsonNode n = Json.MAPPER.readTree(b);
      if (n != null && n.isObject()) {
        return n;
      }
    } catch (IOException e) {
      // not JSON: see below
    }
    long modified = files.modified(path);
    ObjectNode unknown = Json.MAPPER.createObjectNode().put("run_id", "(unreadable lock file)");
    if (modified > 0) {
      unknown.put("heartbeat", Instant.ofEpochMilli(modified).toString());
    }
    return unknown;
  }

  private static Instant heartbeatOf(JsonNode holder) {
    try {
      return holder.hasNonNull("heartbeat") ? Instant.parse(holder.get("heartbeat").asText()) : null;
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return Json.MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String env = System.getenv("HOSTNAME");
      return env == null ? "unknown" : env;
    }
  }
}
