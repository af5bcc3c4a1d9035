package org.instructsynth.pipeline.llm;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * Which request keys a ledger may hold, for the driver's small batches ({@link DriverLlmBatch}): a 64-bit
 * fingerprint of every key in the data files indexed so far. The ledger is append-only and its files
 * are never rewritten, so the index only grows: {@link #refresh} reads the keys of files it has not
 * seen (all of them once per process and ledger, then only other writers' new files), and the files
 * this process appends from the driver are added as written ({@link #wrote}). A key whose fingerprint
 * is absent is certainly not in the ledger, so a round of new prompts needs no ledger read at all; a
 * fingerprint present (a rerun, or one collision in 2^64) costs one read of the ledger for those keys.
 *
 * <p>Memory: 8 bytes per ledger row on the driver (24 MB for 3 million calls), built only by runs that
 * use the driver path.
 */
final class LedgerKeys {
  private static final Map<String, LedgerKeys> BY_LEDGER = new ConcurrentHashMap<>();

  private final Set<String> files = new HashSet<>();
  private long[] sorted = new long[0];
  private final Set<Long> recent = new HashSet<>();

  private LedgerKeys() {}

  /** The index of the ledger at {@code ledgerPath} (its qualified path), shared by the process's runs. */
  static LedgerKeys of(String qualifiedLedgerPath) {
    return BY_LEDGER.computeIfAbsent(qualifiedLedgerPath, p -> new LedgerKeys());
  }

  /**
   * Indexes the keys of every file of {@code now} (the ledger's data files) not indexed yet: one Spark
   * job when there are any, none otherwise.
   */
  synchronized void refresh(SparkSession spark, LlmStage.Options options, Set<String> now) {
    List<String> unread = now.stream().filter(f -> !files.contains(f)).toList();
    if (unread.isEmpty()) {
      return;
    }
    List<Long> keys = LlmStage.readLedgerFiles(spark, options, unread).select("request_key")
        .map((MapFunction<org.apache.spark.sql.Row, Long>) r -> fingerprint(r.getString(0)), Encoders.LONG()).collectAsList();
    add(keys);
    files.addAll(unread);
  }

  /** Adds the keys of a file this process appended (so the next refresh need not read it). */
  synchronized void wrote(String file, Collection<String> keys) {
    add(keys.stream().map(LedgerKeys::fingerprint).toList());
    files.add(file);
  }

  /** False when the ledger certainly has no row for {@code key} (among the files indexed). */
  synchronized boolean mayContain(String key) {
    long f = fingerprint(key);
    return recent.contains(f) || Arrays.binarySearch(sorted, f) >= 0;
  }

  private void add(Collection<Long> keys) {
    recent.addAll(keys);
    if (recent.size() > 65_536) { // merged into the compact array now and then
      long[] merged = Arrays.copyOf(sorted, sorted.length + recent.size());
      int i = sorted.length;
      for (long k : recent) {
        merged[i++] = k;
      }
      Arrays.sort(merged);
      sorted = merged;
      recent.clear();
    }
  }

  /** 64-bit FNV-1a of the key's characters (keys are SHA-256 hex, but a malformed one must not fail here). */
  static long fingerprint(String key) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < key.length(); i++) {
      h ^= key.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }
}
