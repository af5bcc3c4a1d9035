package org.instructsynth.pipeline.dedup;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The frames {@link RougeDedup}'s phases persist and the values they broadcast, released together
 * once the result is checkpointed.
 */
final class StageCache implements AutoCloseable {
  private final List<Dataset<Row>> cached = new ArrayList<>();
  private final List<Broadcast<?>> broadcasts = new ArrayList<>();

  /** Persists {@code d} (memory and disk) until {@link #close}. */
  Dataset<Row> persist(Dataset<Row> d) {
    d.persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(d);
    return d;
  }

  /** Broadcasts {@code value} until {@link #close}. */
  <T> Broadcast<T> broadcast(JavaSparkContext jsc, T value) {
    Broadcast<T> b = jsc.broadcast(value);
    broadcasts.add(b);
    return b;
  }

  @Override
  public void close() {
    for (Dataset<Row> d : cached) {
      d.unpersist();
    }
    for (Broadcast<?> b : broadcasts) {
      b.destroy();
    }
  }
}
