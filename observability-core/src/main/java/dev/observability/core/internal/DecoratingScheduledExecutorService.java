package dev.observability.core.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduled executor service that decorates every task on submission: one-shot tasks with the
 * decorator, periodic ones with a second decorator (a periodic task scheduled during a request
 * outlives it, so it must not run in that request's context every time).
 *
 * <p>Internal; not for public use, may change at any time.
 */
public class DecoratingScheduledExecutorService extends DecoratingExecutorService
    implements ScheduledExecutorService {

  private final ScheduledExecutorService delegate;
  private final TaskDecorator periodic;

  /**
   * Wraps {@code delegate}.
   *
   * @param delegate the executor that runs the tasks
   * @param decorator what each one-shot task gets on submission
   * @param periodic what each periodic task gets on submission
   */
  public DecoratingScheduledExecutorService(
      ScheduledExecutorService delegate, TaskDecorator decorator, TaskDecorator periodic) {
    super(delegate, decorator);
    this.delegate = delegate;
    this.periodic = periodic;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return delegate.schedule(decorator.decorate(command), delay, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return delegate.schedule(decorator.decorate(callable), delay, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return delegate.scheduleAtFixedRate(periodic.decorate(command), initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return delegate.scheduleWithFixedDelay(periodic.decorate(command), initialDelay, delay, unit);
  }
}
