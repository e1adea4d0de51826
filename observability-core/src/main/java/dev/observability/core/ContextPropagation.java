package dev.observability.core;

import dev.observability.core.internal.DecoratingExecutorService;
import dev.observability.core.internal.TaskDecorator;
import io.opentelemetry.context.Context;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

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

  /** Each task bound to the context of the thread that submitted it. */
  private static final TaskDecorator PROPAGATE =
      new TaskDecorator() {
        @Override
        public Runnable decorate(Runnable task) {
          return wrap(task);
        }

        @Override
        public <T> Callable<T> decorate(Callable<T> task) {
          return wrap(task);
        }
      };

  private static final class PropagatingExecutorService extends DecoratingExecutorService {
    PropagatingExecutorService(ExecutorService delegate) {
      super(delegate, PROPAGATE);
    }
  }
}
