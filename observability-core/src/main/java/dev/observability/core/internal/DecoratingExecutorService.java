package dev.observability.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An executor service that decorates every task on submission and hands it to the wrapped one;
 * lifecycle methods go straight to the wrapped one.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public class DecoratingExecutorService implements ExecutorService {

  private final ExecutorService delegate;

  /** What each task gets on submission. */
  protected final TaskDecorator decorator;

  /**
   * Wraps {@code delegate}.
   *
   * @param delegate the executor that runs the tasks
   * @param decorator what each task gets on submission
   */
  public DecoratingExecutorService(ExecutorService delegate, TaskDecorator decorator) {
    this.delegate = delegate;
    this.decorator = decorator;
  }

  private <T> List<Callable<T>> decorateAll(Collection<? extends Callable<T>> tasks) {
    List<Callable<T>> decorated = new ArrayList<>(tasks.size());
    for (Callable<T> task : tasks) {
      decorated.add(decorator.decorate(task));
    }
    return decorated;
  }

  @Override
  public void execute(Runnable command) {
    delegate.execute(decorator.decorateExecuted(command));
  }

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    return delegate.submit(decorator.decorate(task));
  }

  @Override
  public <T> Future<T> submit(Runnable task, T result) {
    return delegate.submit(decorator.decorate(task), result);
  }

  @Override
  public Future<?> submit(Runnable task) {
    return delegate.submit(decorator.decorate(task));
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
      throws InterruptedException {
    return delegate.invokeAll(decorateAll(tasks));
  }

  @Override
  public <T> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    return delegate.invokeAll(decorateAll(tasks), timeout, unit);
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    return delegate.invokeAny(decorateAll(tasks));
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return delegate.invokeAny(decorateAll(tasks), timeout, unit);
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return delegate.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return delegate.awaitTermination(timeout, unit);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
