package dev.observability.health.internal;

import dev.observability.core.ContextPropagation;
import dev.observability.health.Health;
import dev.observability.health.HealthContributor;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Runs one contributor: at most one evaluation in flight, its result reused for the cache window,
 * concurrent callers sharing the same evaluation.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class CheckRunner {

  /** A finished evaluation. */
  public record Result(Health health, long durationNanos, Instant finishedAt) {}

  private final HealthContributor contributor;
  private final long cacheNanos;
  private final Consumer<Result> onFresh;
  private final Object lock = new Object();
  private CompletableFuture<Result> inFlight;
  private Result cached;
  private long cachedUntil;
  private volatile Result last;
  private volatile Instant lastChange;

  private final UnaryOperator<Health> redact;

  /**
   * Creates a runner.
   *
   * @param contributor the check
   * @param cacheNanos how long a result is reused
   * @param redact masks the messages of every result before anything sees it
   * @param onFresh told of every fresh result, on the thread that produced it
   */
  public CheckRunner(
      HealthContributor contributor,
      long cacheNanos,
      UnaryOperator<Health> redact,
      Consumer<Result> onFresh) {
    this.contributor = contributor;
    this.redact = redact;
    this.cacheNanos = cacheNanos;
    this.onFresh = onFresh;
  }

  public HealthContributor contributor() {
    return contributor;
  }

  /** The latest finished result, or {@code null} before the first. */
  public Result last() {
    return last;
  }

  /** When the status last changed, or {@code null}. */
  public Instant lastChange() {
    return lastChange;
  }

  /**
   * Returns the cached result, the evaluation in flight, or a new evaluation on {@code executor}.
   *
   * @param executor where checks run
   * @return the result to come
   */
  public CompletableFuture<Result> evaluate(Executor executor) {
    CompletableFuture<Result> future;
    synchronized (lock) {
      if (cached != null && System.nanoTime() - cachedUntil < 0) {
        return CompletableFuture.completedFuture(cached);
      }
      if (inFlight != null) {
        return inFlight;
      }
      future = new CompletableFuture<>();
      inFlight = future;
    }
    try {
      executor.execute(ContextPropagation.wrap(() -> run(future)));
    } catch (RejectedExecutionException e) {
      complete(future, new Result(Health.down(e), 0, Instant.now()));
    }
    return future;
  }

  private void run(CompletableFuture<Result> future) {
    long start = System.nanoTime();
    Health health;
    try {
      health = contributor.check();
      if (health == null) {
        health = Health.down(new IllegalStateException("check returned no result"));
      }
    } catch (Throwable t) { // an Error in a check must not take the endpoint down
      health = Health.down(t);
    }
    complete(future, new Result(health, System.nanoTime() - start, Instant.now()));
  }

  private void complete(CompletableFuture<Result> future, Result raw) {
    Result result = new Result(redact.apply(raw.health()), raw.durationNanos(), raw.finishedAt());
    synchronized (lock) {
      cached = result;
      cachedUntil = System.nanoTime() + cacheNanos;
      inFlight = null;
      Result previous = last;
      if (previous == null || previous.health().status() != result.health().status()) {
        lastChange = result.finishedAt();
      }
      last = result;
    }
    try {
      onFresh.accept(result);
    } finally {
      future.complete(result);
    }
  }
}
