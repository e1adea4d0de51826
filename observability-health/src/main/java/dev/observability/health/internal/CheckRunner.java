package dev.observability.health.internal;

import dev.observability.core.ContextPropagation;
import dev.observability.health.Health;
import dev.observability.health.HealthContributor;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Runs one contributor: at most one evaluation in flight, its result reused for the cache window,
 * concurrent callers sharing the same evaluation, and no caller waiting longer than the timeout.
 *
 * <p>An evaluation that outlives the timeout is recorded as {@code down} with reason {@code
 * timeout} at that moment: its callers get that result, the gauge reads it, the failure is
 * reported. Until the hung evaluation returns, later callers get the timeout result at once instead
 * of waiting again, and no second evaluation starts, so a hanging dependency costs one thread, not
 * one per probe.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class CheckRunner {

  /** A finished evaluation. */
  public record Result(Health health, long durationNanos, Instant finishedAt) {}

  /** Told of every fresh result (a timeout included), on the thread that produced it. */
  @FunctionalInterface
  public interface Listener {
    /**
     * Receives a result.
     *
     * @param result the result
     * @param statusChanged whether its status differs from the previous result's (or it is the
     *     first)
     */
    void fresh(Result result, boolean statusChanged);
  }

  private final HealthContributor contributor;
  private final long cacheNanos;
  private final long timeoutNanos;
  private final Listener onFresh;
  private final UnaryOperator<Health> redact;
  private final Object lock = new Object();
  private @Nullable CompletableFuture<Result> inFlight;
  private boolean hung;
  private @Nullable Result cached;
  private long cachedUntil;
  private volatile @Nullable Result last;
  private volatile @Nullable Instant lastChange;

  /**
   * Creates a runner.
   *
   * @param contributor the check
   * @param cacheNanos how long a result is reused
   * @param timeoutNanos how long an evaluation may take before it counts as down
   * @param redact masks the messages of every result before anything sees it
   * @param onFresh told of every fresh result
   */
  public CheckRunner(
      HealthContributor contributor,
      long cacheNanos,
      long timeoutNanos,
      UnaryOperator<Health> redact,
      Listener onFresh) {
    this.contributor = contributor;
    this.cacheNanos = cacheNanos;
    this.timeoutNanos = timeoutNanos;
    this.redact = redact;
    this.onFresh = onFresh;
  }

  public HealthContributor contributor() {
    return contributor;
  }

  /** The latest result, a timeout included, or {@code null} before the first. */
  public @Nullable Result last() {
    return last;
  }

  /** When the status last changed, or {@code null}. */
  public @Nullable Instant lastChange() {
    return lastChange;
  }

  /**
   * Returns the cached result, the evaluation in flight, or a new evaluation on {@code executor};
   * in every case a future that completes within the timeout.
   *
   * @param executor where checks run
   * @param timer fires the timeout
   * @return the result to come
   */
  public CompletableFuture<Result> evaluate(Executor executor, ScheduledExecutorService timer) {
    CompletableFuture<Result> future;
    synchronized (lock) {
      if (cached != null && (hung || System.nanoTime() - cachedUntil < 0)) {
        return CompletableFuture.completedFuture(cached);
      }
      if (inFlight != null) {
        return inFlight;
      }
      future = new CompletableFuture<>();
      inFlight = future;
    }
    long start = System.nanoTime();
    try {
      timer.schedule(() -> timedOut(future, start), timeoutNanos, TimeUnit.NANOSECONDS);
      executor.execute(ContextPropagation.wrap(() -> run(future, start)));
    } catch (RejectedExecutionException e) {
      finish(future, new Result(Health.down(e), 0, Instant.now()), false);
    }
    return future;
  }

  private void run(CompletableFuture<Result> future, long start) {
    Health health;
    try {
      health = contributor.check();
      if (health == null) {
        health = Health.down(new IllegalStateException("check returned no result"));
      }
    } catch (Throwable t) { // an Error in a check must not take the endpoint down
      health = Health.down(t);
    }
    finish(future, new Result(health, System.nanoTime() - start, Instant.now()), false);
  }

  private void timedOut(CompletableFuture<Result> future, long start) {
    long millis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
    finish(
        future,
        new Result(
            Health.down("timeout", "no answer within " + millis + " ms"),
            System.nanoTime() - start,
            Instant.now()),
        true);
  }

  /**
   * Records a result: the first of the real result and the timeout answers the callers; a real
   * result that arrives after the timeout still replaces it for the next callers.
   */
  private void finish(CompletableFuture<Result> future, Result raw, boolean timeout) {
    Result result = new Result(redact.apply(raw.health()), raw.durationNanos(), raw.finishedAt());
    boolean changed;
    synchronized (lock) {
      boolean first = inFlight == future; // the first finisher of an evaluation clears it
      if (timeout && !first) {
        return; // the check answered in time
      }
      if (first) {
        inFlight = null;
      }
      hung = timeout;
      cached = result;
      cachedUntil = System.nanoTime() + cacheNanos;
      Result previous = last;
      changed = previous == null || previous.health().status() != result.health().status();
      if (changed) {
        lastChange = result.finishedAt();
      }
      last = result;
    }
    try {
      onFresh.fresh(result, changed);
    } finally {
      future.complete(result); // a no-op when the timeout answered first
    }
  }
}
