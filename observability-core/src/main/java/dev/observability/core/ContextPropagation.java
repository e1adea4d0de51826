package dev.observability.core;

import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Carries the current {@link RequestContext} and OpenTelemetry {@link Context} into other threads.
 *
 * <p>The state is captured when a task is wrapped (or submitted through a wrapped executor) and
 * bound around the task's run, after which the worker thread's previous state, MDC included, is
 * restored. A task wrapped outside any request runs with the request MDC keys removed, so a pooled
 * thread never shows an earlier task's request ID.
 *
 * <pre>{@code
 * ExecutorService pool = ContextPropagation.wrap(Executors.newFixedThreadPool(4));
 * pool.submit(() -> log.info("runs with the caller's request_id and trace_id"));
 * }</pre>
 */
public final class ContextPropagation {

  private ContextPropagation() {}

  /**
   * Wraps {@code task} so that it runs with the caller's request and trace context.
   *
   * @param task the task
   * @return the wrapped task
   */
  public static Runnable wrap(Runnable task) {
    Objects.requireNonNull(task, "task");
    RequestContext request = RequestContext.current();
    Context otel = Context.current();
    return () -> {
      try (io.opentelemetry.context.Scope otelScope = otel.makeCurrent();
          RequestContext.Scope requestScope = RequestContext.bind(request)) {
        task.run();
      }
    };
  }

  /**
   * Wraps {@code task} so that it runs with the caller's request and trace context.
   *
   * @param task the task
   * @param <T> the result type
   * @return the wrapped task
   */
  public static <T> Callable<T> wrap(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    RequestContext request = RequestContext.current();
    Context otel = Context.current();
    return () -> {
      try (io.opentelemetry.context.Scope otelScope = otel.makeCurrent();
          RequestContext.Scope requestScope = RequestContext.bind(request)) {
        return task.call();
      }
    };
  }

  /**
   * Wraps {@code executor} so that every task runs with the context of the thread that submitted
   * it.
   *
   * @param executor the executor
   * @return an executor that propagates context
   */
  public static Executor wrap(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    if (executor instanceof ExecutorService) {
      return wrap((ExecutorService) executor);
    }
    return task -> executor.execute(wrap(task));
  }

  /**
   * Wraps {@code executor} so that every task runs with the context of the thread that submitted
   * it. Lifecycle methods go straight to the delegate.
   *
   * @param executor the executor service
   * @return an executor service that propagates context
   */
  public static ExecutorService wrap(ExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    if (executor instanceof PropagatingExecutorService) {
      return executor;
    }
    return new PropagatingExecutorService(executor);
  }

  private static <T> List<Callable<T>> wrapAll(Collection<? extends Callable<T>> tasks) {
    List<Callable<T>> wrapped = new ArrayList<>(tasks.size());
    for (Callable<T> task : tasks) {
      wrapped.add(wrap(task));
    }
    return wrapped;
  }

  private static final class PropagatingExecutorService implements ExecutorService {
    private final ExecutorService delegate;

    PropagatingExecutorService(ExecutorService delegate) {
      this.delegate = delegate;
    }

    @Override
    public void execute(Runnable command) {
      delegate.execute(wrap(command));
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
    public <T> Future<T> submit(Callable<T> task) {
      return delegate.submit(wrap(task));
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
      return delegate.submit(wrap(task), result);
    }

    @Override
    public Future<?> submit(Runnable task) {
      return delegate.submit(wrap(task));
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
        throws InterruptedException {
      return delegate.invokeAll(wrapAll(tasks));
    }

    @Override
    public <T> List<Future<T>> invokeAll(
        Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
        throws InterruptedException {
      return delegate.invokeAll(wrapAll(tasks), timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
        throws InterruptedException, ExecutionException {
      return delegate.invokeAny(wrapAll(tasks));
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException {
      return delegate.invokeAny(wrapAll(tasks), timeout, unit);
    }
  }
}
