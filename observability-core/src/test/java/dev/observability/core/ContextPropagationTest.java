package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.core.spi.RequestLifecycle;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ContextPropagationTest {

  private final ExecutorService raw = Executors.newFixedThreadPool(2);
  private final ExecutorService pool = ContextPropagation.wrap(raw);
  private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().build();

  @AfterEach
  void tearDown() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(5, TimeUnit.SECONDS);
    tracerProvider.close();
    MDC.clear();
  }

  @Test
  void submittedTasksSeeTheCallersRequestAndTrace() throws Exception {
    Span span = tracerProvider.get("test").spanBuilder("parent").startSpan();
    RequestContext context = RequestLifecycle.start("req-42").context();
    Future<String[]> seen;
    try (Scope otel = span.makeCurrent();
        RequestContext.Scope scope = context.makeCurrent()) {
      context.setUserId("u-1");
      seen =
          pool.submit(
              () ->
                  new String[] {
                    MDC.get("request_id"),
                    MDC.get("user_id"),
                    MDC.get("trace_id"),
                    Span.current().getSpanContext().getSpanId(),
                    RequestContext.current() == null ? null : RequestContext.current().requestId()
                  });
    } finally {
      span.end();
    }
    assertThat(seen.get(5, TimeUnit.SECONDS))
        .containsExactly(
            "req-42",
            "u-1",
            span.getSpanContext().getTraceId(),
            span.getSpanContext().getSpanId(),
            "req-42");
  }

  @Test
  void noValueLeaksToTheNextTaskOnAPooledThread() throws Exception {
    ExecutorService single = ContextPropagation.wrap(Executors.newSingleThreadExecutor());
    try {
      // A task that dirties its thread's MDC by hand, outside our scopes.
      single.submit(() -> MDC.put("request_id", "leaked")).get();
      for (int i = 0; i < 50; i++) {
        String id = "req-" + i;
        try (RequestContext.Scope scope = RequestLifecycle.start(id).makeCurrent()) {
          assertThat(single.submit(() -> MDC.get("request_id")).get()).isEqualTo(id);
        }
        assertThat(single.submit(() -> MDC.get("request_id")).get()).isNull();
        assertThat(single.submit(() -> RequestContext.current()).get()).isNull();
      }
    } finally {
      single.shutdownNow();
    }
  }

  @Test
  void workerThreadsAreCleanAfterManyInterleavedRequests() throws Exception {
    ConcurrentLinkedQueue<String> mismatches = new ConcurrentLinkedQueue<>();
    List<Future<?>> futures = new ArrayList<>();
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      for (int i = 0; i < 400; i++) {
        String id = "req-" + i;
        futures.add(
            callers.submit(
                () -> {
                  try (RequestContext.Scope scope = RequestLifecycle.start(id).makeCurrent()) {
                    String seen = pool.submit(() -> MDC.get("request_id")).get();
                    if (!id.equals(seen)) {
                      mismatches.add(id + " saw " + seen);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get(10, TimeUnit.SECONDS);
      }
    } finally {
      callers.shutdown();
    }
    assertThat(mismatches).isEmpty();
    // Inspect the raw pool's threads: nothing of ours survives there.
    CountDownLatch both = new CountDownLatch(2);
    ConcurrentLinkedQueue<Map<String, String>> leftovers = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < 2; i++) {
      raw.submit(
          () -> {
            Map<String, String> mdc = MDC.getCopyOfContextMap();
            if (mdc != null && !mdc.isEmpty()) {
              leftovers.add(mdc);
            }
            both.countDown();
            both.await();
            return null;
          });
    }
    assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(leftovers).isEmpty();
  }

  @Test
  void wrapsRunnableCallableAndPlainExecutor() throws Exception {
    List<String> seen = new ArrayList<>();
    Runnable runnable;
    Callable<String> callable;
    try (RequestContext.Scope scope = RequestLifecycle.start("req-x").makeCurrent()) {
      runnable = ContextPropagation.wrap((Runnable) () -> seen.add(MDC.get("request_id")));
      callable = ContextPropagation.wrap(() -> MDC.get("request_id"));
    }
    Thread thread = new Thread(runnable);
    thread.start();
    thread.join();
    assertThat(seen).containsExactly("req-x");
    assertThat(callable.call()).isEqualTo("req-x");
    assertThat(MDC.get("request_id")).isNull();

    Executor direct = ContextPropagation.wrap((Executor) Runnable::run);
    try (RequestContext.Scope scope = RequestLifecycle.start("req-y").makeCurrent()) {
      direct.execute(() -> seen.add(MDC.get("request_id")));
    }
    assertThat(seen).containsExactly("req-x", "req-y");
  }

  @Test
  void invokeAllPropagates() throws Exception {
    try (RequestContext.Scope scope = RequestLifecycle.start("req-all").makeCurrent()) {
      List<Callable<String>> tasks =
          List.of(() -> MDC.get("request_id"), () -> MDC.get("request_id"));
      for (Future<String> f : pool.invokeAll(tasks)) {
        assertThat(f.get()).isEqualTo("req-all");
      }
      assertThat(pool.invokeAny(tasks)).isEqualTo("req-all");
    }
  }

  @Test
  void wrappingTwiceDoesNotWrapAgain() {
    assertThat(ContextPropagation.wrap(pool)).isSameAs(pool);
  }
}
