package org.instructsynth.llm;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Calls the LLM for the items of one task with up to {@code maxInFlight} calls at once and hands
 * the results back as a lazy iterator, in completion order. Only the consuming thread reads the
 * input iterator (Spark's iterators are not thread-safe); calls run on daemon worker threads.
 *
 * <p>Budget: each call reserves its worst-case cost ({@link #worstCaseUsd}) from the task's dollar
 * share before it starts and gives the reservation back for its real cost when it ends. An item
 * whose worst case does not fit beside the spent dollars and the pending reservations waits for a
 * call in flight to finish; only when nothing is in flight and it still does not fit is it not
 * called (status {@code skipped_budget}), so the share is used up rather than abandoned early.
 *
 * <p>With {@code llm.context-tokens} set, a request whose estimated prompt tokens plus max_tokens
 * exceed it gets status {@code context_length} without a call. A request that cannot be built (bad
 * JSON) becomes a failed result. {@link LlmAuthException} is rethrown from {@link #next()}.
 *
 * @param <T> the input item; {@code toRequest} turns it into the request
 */
public final class PartitionCaller<T> implements Iterator<PartitionCaller.Completed<T>>, AutoCloseable {

  /** An input item with its result. */
  public record Completed<T>(T item, LlmResult result) {}

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
  private static final java.util.concurrent.atomic.LongAdder CPU_NANOS = new java.util.concurrent.atomic.LongAdder();
  private static final java.util.concurrent.atomic.LongAdder CALLS = new java.util.concurrent.atomic.LongAdder();

  private final Iterator<T> input;
  private final Function<T, LlmRequest> toRequest;
  private final Function<T, String> keyOf;
  private final LlmClient client;
  private final LlmSettings settings;
  private final double budgetUsd;
  private final int maxInFlight;
  private final ExecutorService pool;
  private final CompletionService<Completed<T>> completions;
  private final ArrayDeque<Completed<T>> ready = new ArrayDeque<>();
  private int inFlight;
  private T held;
  private LlmRequest heldRequest;
  private double spentUsd;
  private double reservedUsd;
  private boolean closed;

  /**
   * @param keyOf the request key of an item, used when its request cannot be built
   * @param budgetUsd the task's dollar share ({@link RateShare#budgetUsd()}); 0 means no limit
   */
  public PartitionCaller(Iterator<T> input, Function<T, LlmRequest> toRequest, Function<T, String> keyOf,
      LlmClient client, LlmSettings settings, int maxInFlight, double budgetUsd) {
    this.input = input;
    this.toRequest = toRequest;
    this.keyOf = keyOf;
    this.client = client;
    this.settings = settings;
    this.maxInFlight = Math.max(1, maxInFlight);
    this.budgetUsd = budgetUsd;
    this.pool = Executors.newFixedThreadPool(this.maxInFlight, r -> {
      Thread t = new Thread(r, "llm-call-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.completions = new ExecutorCompletionService<>(pool);
  }

  @Override
  public boolean hasNext() {
    if (!ready.isEmpty()) {
      return true;
    }
    fill();
    if (ready.isEmpty() && inFlight > 0) {
      ready.add(take());
    }
    if (ready.isEmpty()) {
      close();
      return false;
    }
    return true;
  }

  @Override
  public Completed<T> next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more LLM results in this partition");
    }
    return ready.poll();
  }

  private void fill() {
    while (inFlight < maxInFlight && (held != null || input.hasNext())) {
      T item;
      LlmRequest request;
      if (held != null) {
        item = held;
        request = heldRequest;
        held = null;
        heldRequest = null;
      } else {
        item = input.next();
        try {
          request = toRequest.apply(item);
        } catch (IllegalArgumentException bad) {
          ready.add(new Completed<>(item, LlmResult.failed(keyOf.apply(item), "", 0, 0, null, bad.getMessage(), 0)));
          continue;
        }
        long needed = request.estimatePromptTokens() + maxTokens(request);
        if (settings.contextTokens() > 0 && needed > settings.contextTokens()) {
          ready.add(new Completed<>(item, LlmResult.failed(LlmErrorKind.CONTEXT_LENGTH, keyOf.apply(item), request.model(), 0, 0, null,
              String.format(Locale.ROOT, "context_length_exceeded: not called, the estimated %d prompt tokens + max_tokens %d exceed "
                  + "llm.context-tokens %d; shorten the prompt, lower max_tokens or raise llm.context-tokens (then rerun with "
                  + "--retry-failed)", request.estimatePromptTokens(), maxTokens(request), settings.contextTokens()), 0)));
          continue;
        }
      }
      double worst = worstCaseUsd(settings, request);
      synchronized (this) {
        if (budgetUsd > 0 && spentUsd + reservedUsd + worst > budgetUsd) {
          if (inFlight > 0) {
            held = item; // wait: a call in flight may end below its reservation
            heldRequest = request;
            return;
          }
          ready.add(new Completed<>(item, LlmResult.skippedBudget(keyOf.apply(item), request.model(), settings.budgetUsd())));
          continue;
        }
        reservedUsd += worst;
      }
      inFlight++;
      completions.submit(() -> {
        LlmResult result;
        long cpuStart = CPU.getCurrentThreadCpuTime();
        try {
          result = client.call(request);
        } finally {
          CPU_NANOS.add(CPU.getCurrentThreadCpuTime() - cpuStart);
          CALLS.increment();
          synchronized (PartitionCaller.this) {
            reservedUsd -= worst;
          }
        }
        synchronized (PartitionCaller.this) {
          spentUsd += result.costUsd();
        }
        return new Completed<>(item, result);
      });
    }
  }

  private static long maxTokens(LlmRequest request) {
    return request.sampling().maxTokens() == null ? 4096 : request.sampling().maxTokens();
  }

  /**
   * The most a request can cost: estimated prompt tokens and max_tokens (4096 when unset) at its
   * model's price for a call ({@link LlmSettings#callPrice}: the batch price in {@code llm.mode:
   * batch}); NaN when the model has no price.
   */
  public static double worstCaseUsd(LlmSettings settings, LlmRequest request) {
    return settings.callPrice(request.model()).cost(request.estimatePromptTokens(), maxTokens(request));
  }

  private Completed<T> take() {
    try {
      Future<Completed<T>> done = completions.take();
      inFlight--;
      return done.get();
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for LLM calls (task killed or cancelled)", e);
    } catch (ExecutionException e) {
      close();
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(String.format(Locale.ROOT, "an LLM call failed unexpectedly: %s", cause), cause);
    }
  }

  /**
   * CPU time this JVM's worker threads spent inside {@link LlmClient#call} (building, sending,
   * parsing, rate limiting, retrying; not waiting), and the number of calls, since it started.
   */
  public static long[] cpuNanosAndCalls() {
    return new long[] {CPU_NANOS.sum(), CALLS.sum()};
  }

  /** Dollars spent by the calls of this partition so far. */
  public synchronized double spentUsd() {
    return spentUsd;
  }

  /** Stops the worker threads; calls still running are interrupted. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      pool.shutdownNow();
    }
  }
}
