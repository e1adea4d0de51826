package dev.observability.core;

import dev.observability.core.internal.DecoratingExecutorService;
import dev.observability.core.internal.DecoratingScheduledExecutorService;
import dev.observability.core.internal.TaskDecorator;
import dev.observability.core.spi.ContainedFailures;
import dev.observability.core.spi.ErrorGroups;
import dev.observability.core.spi.ErrorTypes;
import dev.observability.core.spi.SpanExceptions;
import dev.observability.core.spi.SpanScopes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.semconv.ErrorAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work observed: executors whose tasks carry the submitting request into their span and
 * log lines, and a job API for work that runs outside an executor.
 *
 * <pre>{@code
 * Jobs jobs = observability.jobs();
 * ExecutorService mail = jobs.executor("mail", Executors.newFixedThreadPool(2));
 * mail.submit(() -> mailer.send(welcome));        // a child span of the request that submitted it
 *
 * ScheduledExecutorService timers = jobs.executor("reminders", Executors.newScheduledThreadPool(1));
 * jobs.run("inbox.poll", () -> inbox.poll());      // work that is not an executor's task
 * jobs.queueDepth("inbox", inbox, Inbox::size);   // a queue of your own
 * }</pre>
 *
 * <p>Each task is an INTERNAL span named as the job, a child of the span current where it was
 * submitted (a root span when nothing was), and runs with the submitting request's MDC ({@code
 * request_id}, {@code trace_id}, …) in its log lines. Periodic tasks ({@code scheduleAtFixedRate},
 * {@code scheduleWithFixedDelay}) outlive the request that scheduled them: each run is a root span
 * without request MDC.
 *
 * <p>Metrics are Micrometer's {@link ExecutorServiceMetrics}, tagged {@code name}: the timers
 * {@code executor} (time running) and {@code executor.idle} (time waiting in the queue), and for a
 * {@code ThreadPoolExecutor} or {@code ForkJoinPool} (what {@code Executors.newFixedThreadPool},
 * {@code newCachedThreadPool}, {@code newScheduledThreadPool} and {@code newWorkStealingPool}
 * return) the gauges {@code executor.queued}, {@code executor.active}, {@code executor.pool.size}
 * and the rest. For an executor Micrometer cannot look into (a virtual thread per task, which has
 * no queue; the wrappers {@code newSingleThreadExecutor} returns) {@code executor.active} counts
 * our running tasks. Added to Micrometer's: the counter {@value #METRIC_FAILED} tagged {@code name}
 * and {@code error.type} (one series per failure type, from the first failure), and one ERROR
 * {@code job failed} per failure on {@value #LOGGER} with {@code job}, {@code error_type} and
 * {@code duration_ms}, the exception, and the submitting request's MDC. A task's exception reaches
 * the executor unchanged, so a {@code Future} fails as it would; a task handed to {@code execute}
 * has no future, and its exception, logged and counted, ends there instead of going on to the
 * worker thread's uncaught-exception handler (by default a second, unmasked stack trace on standard
 * error and a dead worker thread). Errors always go on.
 *
 * <p>Job names are span and metric names: they must come from code, not data. Past {@value
 * #MAX_NAMES} distinct names, new ones count as {@value #OTHER_NAME}.
 */
public final class Jobs {

  /** The logger of failed jobs. */
  public static final String LOGGER = "dev.observability.jobs";

  /** The counter of failed tasks and jobs, tagged {@code name} and {@code error.type}. */
  public static final String METRIC_FAILED = "executor.failed";

  /** Micrometer's timer of the time a task ran, which {@link #run} records too. */
  public static final String METRIC_DURATION = "executor";

  /** Distinct job names before new ones are folded into {@value #OTHER_NAME}. */
  public static final int MAX_NAMES = 200;

  /** The name of jobs past {@value #MAX_NAMES}. */
  public static final String OTHER_NAME = "_other";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private final Tracer tracer;
  private final MeterRegistry registry;
  private final Redactor redactor;
  private final ErrorGroups errorGroups;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();

  Jobs(Tracer tracer, MeterRegistry registry, Redactor redactor, ErrorGroups errorGroups) {
    this.tracer = tracer;
    this.registry = registry;
    this.redactor = redactor;
    this.errorGroups = errorGroups;
  }

  /**
   * Observes {@code executor} as the job {@code name}: every task submitted through the returned
   * executor is observed. Shut down either; both are the same pool.
   *
   * @param name the job name, from code
   * @param executor the executor that runs the tasks
   * @return the observed executor
   */
  public ExecutorService executor(String name, ExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    Job job = job(name);
    ExecutorService monitored =
        ExecutorServiceMetrics.monitor(registry, executor, job.name, Tags.empty());
    job.countActiveUnlessMicrometerDoes();
    return new DecoratingExecutorService(monitored, job.submitted);
  }

  /**
   * Observes a scheduled {@code executor} as the job {@code name}.
   *
   * @param name the job name, from code
   * @param executor the executor that runs the tasks
   * @return the observed executor
   */
  public ScheduledExecutorService executor(String name, ScheduledExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    Job job = job(name);
    ScheduledExecutorService monitored =
        ExecutorServiceMetrics.monitor(registry, executor, job.name, Tags.empty());
    job.countActiveUnlessMicrometerDoes();
    return new DecoratingScheduledExecutorService(monitored, job.submitted, job.periodic);
  }

  /**
   * Runs {@code work} now, on this thread, as one run of the job {@code name}: a span (a child of
   * the current one), the {@value #METRIC_DURATION} timer, and on failure {@value #METRIC_FAILED}
   * and the WARN. What {@code work} throws passes through unchanged.
   *
   * @param name the job name, from code
   * @param work the work
   */
  public void run(String name, Runnable work) {
    Objects.requireNonNull(work, "work");
    Job job = job(name);
    job.observe(
        () -> {
          work.run();
          return null;
        },
        true);
  }

  /**
   * Runs {@code work} now, on this thread, as one run of the job {@code name}, and returns its
   * result; checked exceptions pass through unchanged.
   *
   * @param name the job name, from code
   * @param work the work
   * @param <T> the result type
   * @return what {@code work} returned
   * @throws Exception what {@code work} threw
   */
  public <T> T call(String name, Callable<T> work) throws Exception {
    Objects.requireNonNull(work, "work");
    return job(name).observeChecked(work, true);
  }

  /**
   * Publishes the depth of a queue of your own as the gauge {@code executor.queued} of the job
   * {@code name}, read when metrics are read. The registry holds {@code queue} weakly, as
   * Micrometer's gauges do.
   *
   * @param name the job name, from code
   * @param queue the queue
   * @param depth reads its depth
   * @param <Q> the queue type
   */
  public <Q> void queueDepth(String name, Q queue, ToDoubleFunction<Q> depth) {
    Gauge.builder("executor.queued", queue, depth)
        .tag("name", job(name).name)
        .description("The approximate number of tasks that are queued for execution")
        .baseUnit("tasks")
        .register(registry);
  }

  private Job job(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a job name must not be blank");
    }
    Job job = jobs.get(name);
    if (job != null) {
      return job;
    }
    if (jobs.size() >= MAX_NAMES) {
      return jobs.computeIfAbsent(OTHER_NAME, Job::new);
    }
    return jobs.computeIfAbsent(name, Job::new);
  }

  /** One job name's meters and task decorators. */
  private final class Job {
    final String name;
    final Timer duration;
    final Map<String, Counter> failures = new ConcurrentHashMap<>();
    final AtomicInteger running = new AtomicInteger();

    /** One-shot tasks: run in the submitter's request and trace context. */
    final TaskDecorator submitted =
        new TaskDecorator() {
          @Override
          public Runnable decorate(Runnable task) {
            RequestContext request = RequestContext.current();
            Context parent = Context.current();
            return () -> inContext(parent, request, Job.this.runnable(task));
          }

          @Override
          public Runnable decorateExecuted(Runnable task) {
            RequestContext request = RequestContext.current();
            Context parent = Context.current();
            Runnable observed = Job.this.runnable(task);
            return () -> inContext(parent, request, () -> reportedOnce(observed));
          }

          @Override
          public <T> Callable<T> decorate(Callable<T> task) {
            RequestContext request = RequestContext.current();
            Context parent = Context.current();
            return () -> inContextChecked(parent, request, () -> observeChecked(task, false));
          }
        };

    /** Periodic tasks: every run a root span without request MDC. */
    final TaskDecorator periodic =
        new TaskDecorator() {
          @Override
          public Runnable decorate(Runnable task) {
            return () -> inContext(Context.root(), null, Job.this.runnable(task));
          }

          @Override
          public <T> Callable<T> decorate(Callable<T> task) {
            return () -> inContextChecked(Context.root(), null, () -> observeChecked(task, false));
          }
        };

    Job(String name) {
      this.name = name;
      // The tags of Micrometer's own timer of this name, so an executor and run() share it.
      this.duration =
          Timer.builder(METRIC_DURATION)
              .tag("name", name)
              .description("Executor task duration")
              .register(registry);
    }

    void countActiveUnlessMicrometerDoes() {
      if (registry.find("executor.active").tag("name", name).gauge() == null) {
        Gauge.builder("executor.active", running, AtomicInteger::get)
            .tag("name", name)
            .description("The approximate number of threads that are actively executing tasks")
            .baseUnit("threads")
            .register(registry);
      }
    }

    /**
     * Runs a task handed to {@code execute}: its exception is logged and counted already, so it
     * does not go on to the worker's uncaught-exception handler, whose default prints it, unmasked,
     * to standard error and ends the worker thread. Errors go on.
     */
    void reportedOnce(Runnable observed) {
      try {
        observed.run();
      } catch (RuntimeException reported) {
        // logged as "job failed" and counted in executor.failed
      }
    }

    Runnable runnable(Runnable task) {
      return () ->
          observe(
              () -> {
                task.run();
                return null;
              },
              false);
    }

    /** Observes {@code work}; unchecked exceptions only, as a {@code Runnable} throws. */
    void observe(Callable<?> work, boolean timed) {
      try {
        observeChecked(work, timed);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Exception impossible) {
        throw new IllegalStateException(impossible);
      }
    }

    <T> T observeChecked(Callable<T> work, boolean timed) throws Exception {
      Span span = startSpan();
      long start = System.nanoTime();
      Throwable failure = null;
      running.incrementAndGet();
      try (Scope ignored = SpanScopes.makeCurrent(span)) {
        return work.call();
      } catch (Throwable t) {
        failure = t;
        throw t;
      } finally {
        running.decrementAndGet();
        finish(span, System.nanoTime() - start, failure, timed);
      }
    }

    private Span startSpan() {
      try {
        return tracer.spanBuilder(name).startSpan();
      } catch (RuntimeException e) {
        ContainedFailures.report("jobs", e);
        return Span.getInvalid();
      }
    }

    private void finish(Span span, long nanos, @Nullable Throwable failure, boolean timed) {
      try {
        if (timed) {
          duration.record(nanos, TimeUnit.NANOSECONDS);
        }
        if (failure != null) {
          String errorType = ErrorTypes.of(failure);
          SpanExceptions.record(span, failure, redactor);
          span.setAttribute(ErrorAttributes.ERROR_TYPE, errorType);
          span.setStatus(StatusCode.ERROR);
          failures
              .computeIfAbsent(
                  errorType,
                  type ->
                      Counter.builder(METRIC_FAILED)
                          .tag("name", name)
                          .tag(ErrorAttributes.ERROR_TYPE.getKey(), type)
                          .description("Tasks that ended with an exception")
                          .register(registry))
              .increment();
          LOG.atError()
              .setCause(failure)
              .addKeyValue("job", name)
              .addKeyValue("error_type", errorType)
              .addKeyValue("duration_ms", nanos / 1_000_000)
              .log("job failed");
          errorGroups.record(failure);
        }
        span.end();
      } catch (RuntimeException e) {
        ContainedFailures.report("jobs", e);
      }
    }
  }

  private static void inContext(
      Context parent, @Nullable RequestContext request, Runnable observed) {
    try (Scope otel = parent.makeCurrent();
        RequestContext.Scope scope = RequestContext.bind(request)) {
      observed.run();
    }
  }

  private static <T> T inContextChecked(
      Context parent, @Nullable RequestContext request, Callable<T> observed) throws Exception {
    try (Scope otel = parent.makeCurrent();
        RequestContext.Scope scope = RequestContext.bind(request)) {
      return observed.call();
    }
  }
}
