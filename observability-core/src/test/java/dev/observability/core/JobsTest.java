package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.observability.core.spi.RequestLifecycle;
import dev.observability.testing.LogCapture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class JobsTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .build();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Observability observability =
      Observability.builder()
          .registerShutdownHook(false)
          .openTelemetry(sdk)
          .meterRegistry(registry)
          .build();
  private final Jobs jobs = observability.jobs();
  private final LogCapture log = LogCapture.of(Jobs.LOGGER);
  private final List<ExecutorService> pools = new CopyOnWriteArrayList<>();

  @AfterEach
  void tearDown() throws InterruptedException {
    for (ExecutorService pool : pools) {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
    log.close();
    observability.close();
    sdk.close();
  }

  private <E extends ExecutorService> E keep(E pool) {
    pools.add(pool);
    return pool;
  }

  @Test
  void aTaskIsAChildSpanOfTheSubmitterAndLogsWithItsRequest() throws Exception {
    ExecutorService mail = keep(jobs.executor("mail", Executors.newFixedThreadPool(2)));
    Span parent = sdk.getTracer("test").spanBuilder("POST /register").startSpan();
    String[] seen = new String[2];
    try (RequestLifecycle request = RequestLifecycle.start("req-job-1");
        RequestContext.Scope requestScope = request.makeCurrent();
        Scope scope = parent.makeCurrent()) {
      mail.submit(
              () -> {
                seen[0] = MDC.get(RequestContext.MDC_REQUEST_ID);
                seen[1] = Span.current().getSpanContext().getSpanId();
              })
          .get(30, TimeUnit.SECONDS);
    } finally {
      parent.end();
    }

    SpanData task = span("mail");
    assertThat(task.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(task.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
    assertThat(seen).containsExactly("req-job-1", task.getSpanId());
    assertThat(registry.get("executor").tag("name", "mail").timer().count()).isEqualTo(1);
    assertThat(registry.get("executor.idle").tag("name", "mail").timer().count()).isEqualTo(1);
    assertThat(registry.get("executor.pool.size").tag("name", "mail").gauge()).isNotNull();
    assertThat(registry.get("executor.active").tag("name", "mail").gauge()).isNotNull();
    assertThat(MDC.get(RequestContext.MDC_REQUEST_ID)).isNull();
  }

  @Test
  void aFailedTaskIsCountedAndLoggedWithItsRequestAndTheFutureFailsUnchanged() throws Exception {
    ExecutorService mail = keep(jobs.executor("mail", Executors.newFixedThreadPool(1)));
    IllegalStateException boom = new IllegalStateException("no mailbox for bob@example.com");
    Future<String> sent;
    try (RequestLifecycle request = RequestLifecycle.start("req-job-2");
        RequestContext.Scope requestScope = request.makeCurrent()) {
      sent =
          mail.submit(
              () -> {
                throw boom;
              });
    }

    assertThatThrownBy(() -> sent.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isSameAs(boom);
    assertThat(
            registry
                .get(Jobs.METRIC_FAILED)
                .tag("name", "mail")
                .tag("error.type", "java.lang.IllegalStateException")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get(dev.observability.core.spi.ErrorGroups.METRIC)
                .tag("error.type", "java.lang.IllegalStateException")
                .counter()
                .count())
        .isEqualTo(1);
    ILoggingEvent warn = log.withMessage("job failed").get(0);
    assertThat(warn.getMDCPropertyMap()).containsEntry(RequestContext.MDC_REQUEST_ID, "req-job-2");
    assertThat(LogCapture.keyValue(warn, "job")).isEqualTo("mail");
    assertThat(LogCapture.keyValue(warn, "error_type"))
        .isEqualTo("java.lang.IllegalStateException");
    SpanData task = span("mail");
    assertThat(task.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(task.getEvents().get(0).getAttributes().toString())
        .doesNotContain("bob@example.com");
  }

  @Test
  void anExecutedTaskThatFailsIsReportedOnceAndItsWorkerLivesOn() throws Exception {
    List<Thread> workers = new CopyOnWriteArrayList<>();
    List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    ExecutorService mail =
        keep(
            jobs.executor(
                "mail",
                Executors.newFixedThreadPool(
                    1,
                    task -> {
                      Thread thread = new Thread(task, "mail-sender");
                      thread.setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
                      workers.add(thread);
                      return thread;
                    })));
    mail.execute(
        () -> {
          throw new IllegalStateException("mailer down");
        });
    mail.submit(() -> {}).get(30, TimeUnit.SECONDS);

    assertThat(uncaught).isEmpty();
    assertThat(workers).hasSize(1);
    assertThat(log.withMessage("job failed")).hasSize(1);
    assertThat(
            registry
                .get(Jobs.METRIC_FAILED)
                .tag("name", "mail")
                .tag("error.type", "java.lang.IllegalStateException")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void theQueueDepthCountsTasksWaitingForAThread() throws Exception {
    ExecutorService one = keep(jobs.executor("imports", Executors.newFixedThreadPool(1)));
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    one.submit(
        () -> {
          running.countDown();
          release.await(30, TimeUnit.SECONDS);
          return null;
        });
    assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
    Future<?> last = null;
    for (int i = 0; i < 3; i++) {
      last = one.submit(() -> {});
    }

    assertThat(registry.get("executor.queued").tag("name", "imports").gauge().value()).isEqualTo(3);
    assertThat(registry.get("executor.active").tag("name", "imports").gauge().value()).isEqualTo(1);
    release.countDown();
    last.get(30, TimeUnit.SECONDS);
    assertThat(registry.get("executor").tag("name", "imports").timer().count()).isEqualTo(4);
  }

  @Test
  void aOneShotScheduleIsAChildButEveryPeriodicRunIsARootWithoutTheRequest() throws Exception {
    ScheduledExecutorService timers =
        keep(jobs.executor("reminders", Executors.newScheduledThreadPool(1)));
    CountDownLatch twoRuns = new CountDownLatch(2);
    List<String> requestIds = new CopyOnWriteArrayList<>();
    Span parent = sdk.getTracer("test").spanBuilder("POST /reminders").startSpan();
    ScheduledFuture<?> periodic;
    try (RequestLifecycle request = RequestLifecycle.start("req-job-3");
        RequestContext.Scope requestScope = request.makeCurrent();
        Scope scope = parent.makeCurrent()) {
      timers
          .schedule(() -> requestIds.add("once:" + MDC.get("request_id")), 0, TimeUnit.MILLISECONDS)
          .get(30, TimeUnit.SECONDS);
      periodic =
          timers.scheduleAtFixedRate(
              () -> {
                requestIds.add("periodic:" + MDC.get("request_id"));
                twoRuns.countDown();
              },
              0,
              10,
              TimeUnit.MILLISECONDS);
    } finally {
      parent.end();
    }
    assertThat(twoRuns.await(30, TimeUnit.SECONDS)).isTrue();
    periodic.cancel(false);

    assertThat(requestIds).startsWith("once:req-job-3", "periodic:null", "periodic:null");
    List<SpanData> runs = spans("reminders", 3);
    assertThat(runs.get(0).getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(runs.subList(1, runs.size()))
        .allSatisfy(run -> assertThat(run.getParentSpanContext().isValid()).isFalse());
  }

  @Test
  void runTimesWorkOutsideAnExecutorAndPassesItsFailureThrough() throws Exception {
    Span parent = sdk.getTracer("test").spanBuilder("poller").startSpan();
    try (Scope scope = parent.makeCurrent()) {
      jobs.run("inbox.poll", () -> {});
      UnsupportedOperationException refused = new UnsupportedOperationException("closed");
      assertThatThrownBy(
              () ->
                  jobs.run(
                      "inbox.poll",
                      () -> {
                        throw refused;
                      }))
          .isSameAs(refused);
    } finally {
      parent.end();
    }

    assertThat(spans("inbox.poll"))
        .hasSize(2)
        .allSatisfy(
            run ->
                assertThat(run.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId()));
    assertThat(registry.get("executor").tag("name", "inbox.poll").timer().count()).isEqualTo(2);
    assertThat(
            registry
                .get(Jobs.METRIC_FAILED)
                .tag("name", "inbox.poll")
                .tag("error.type", "java.lang.UnsupportedOperationException")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void callReturnsTheResultAndCheckedExceptionsPassThrough() throws Exception {
    assertThat(jobs.call("inbox.count", () -> 42)).isEqualTo(42);
    java.io.IOException unreachable = new java.io.IOException("mail server unreachable");
    assertThatThrownBy(
            () ->
                jobs.call(
                    "inbox.count",
                    () -> {
                      throw unreachable;
                    }))
        .isSameAs(unreachable);
  }

  @Test
  void aQueueOfYourOwnIsAGauge() {
    Queue<String> inbox = new ConcurrentLinkedQueue<>(List.of("a", "b"));
    jobs.queueDepth("inbox", inbox, Queue::size);
    assertThat(registry.get("executor.queued").tag("name", "inbox").gauge().value()).isEqualTo(2);
    inbox.add("c");
    assertThat(registry.get("executor.queued").tag("name", "inbox").gauge().value()).isEqualTo(3);
  }

  @Test
  void namesPastTheCapAreOne() {
    for (int i = 0; i < Jobs.MAX_NAMES + 10; i++) {
      jobs.run("job-" + i, () -> {});
    }
    assertThat(registry.find("executor").timers()).hasSize(Jobs.MAX_NAMES + 1);
    assertThat(registry.get("executor").tag("name", Jobs.OTHER_NAME).timer().count()).isEqualTo(10);
  }

  @Test
  void aVirtualThreadPerTaskIsObservedAndItsRunningTasksCounted() throws Exception {
    assumeTrue(Runtime.version().feature() >= 21, "virtual threads arrived in Java 21");
    ExecutorService virtual =
        (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    ExecutorService observed = keep(jobs.executor("virtual", virtual));
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Span parent = sdk.getTracer("test").spanBuilder("parent").startSpan();
    Future<?> task;
    try (Scope scope = parent.makeCurrent()) {
      task =
          observed.submit(
              () -> {
                running.countDown();
                release.await(30, TimeUnit.SECONDS);
                return null;
              });
    } finally {
      parent.end();
    }
    assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(registry.get("executor.active").tag("name", "virtual").gauge().value()).isEqualTo(1);
    release.countDown();
    task.get(30, TimeUnit.SECONDS);

    assertThat(span("virtual").getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(registry.get("executor.active").tag("name", "virtual").gauge().value()).isZero();
  }

  private SpanData span(String name) throws InterruptedException {
    return spans(name, 1).get(0);
  }

  private List<SpanData> spans(String name) throws InterruptedException {
    return spans(name, 1);
  }

  /**
   * The finished spans of {@code name}, at least {@code count}: a periodic run may still be ending
   * its span on the worker thread when the test goes on.
   */
  private List<SpanData> spans(String name, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      List<SpanData> found =
          spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
      if (found.size() >= count || System.nanoTime() > deadline) {
        assertThat(found).as("spans named %s", name).hasSizeGreaterThanOrEqualTo(count);
        return found;
      }
      Thread.sleep(2);
    }
  }
}
