package dev.observability.core.internal;

import java.util.concurrent.Callable;

/**
 * What a decorating executor does to each task at submission, on the submitting thread.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public interface TaskDecorator {

  /**
   * Decorates a task.
   *
   * @param task the task
   * @return the task to hand to the wrapped executor
   */
  Runnable decorate(Runnable task);

  /**
   * Decorates a task handed to {@code execute}, which has no {@code Future} to take its exception:
   * the worker thread's uncaught-exception handler gets it instead.
   *
   * @param task the task
   * @return the task to hand to the wrapped executor; by default {@link #decorate(Runnable)}
   */
  default Runnable decorateExecuted(Runnable task) {
    return decorate(task);
  }

  /**
   * Decorates a task with a result.
   *
   * @param task the task
   * @param <T> the result type
   * @return the task to hand to the wrapped executor
   */
  <T> Callable<T> decorate(Callable<T> task);
}
