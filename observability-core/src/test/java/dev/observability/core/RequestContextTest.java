package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.observability.core.spi.RequestLifecycle;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RequestContextTest {

  private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().build();

  @AfterEach
  void tearDown() {
    MDC.clear();
    tracerProvider.close();
  }

  @Test
  void scopeSetsMdcAndRestoresItExactly() {
    MDC.put("request_id", "outer");
    MDC.put("unrelated", "kept");
    Map<String, String> before = MDC.getCopyOfContextMap();
    RequestContext context = RequestLifecycle.start("req-1").context();
    try (RequestContext.Scope scope = context.makeCurrent()) {
      assertThat(RequestContext.current()).isSameAs(context);
      assertThat(MDC.get("request_id")).isEqualTo("req-1");
      assertThat(MDC.get("trace_id")).isNull();
      context.setUserId("u-7");
      assertThat(MDC.get("user_id")).isEqualTo("u-7");
    }
    assertThat(MDC.getCopyOfContextMap()).isEqualTo(before);
    assertThat(RequestContext.current()).isNull();
  }

  @Test
  void scopeRestoresMdcWhenTheCodeInsideThrows() {
    assertThatThrownBy(
            () -> {
              try (RequestContext.Scope scope = RequestLifecycle.start("req-2").makeCurrent()) {
                throw new IllegalStateException("boom");
              }
            })
        .isInstanceOf(IllegalStateException.class);
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    assertThat(RequestContext.current()).isNull();
  }

  @Test
  void nestedScopesRestoreTheOuterContext() {
    RequestContext outer = RequestLifecycle.start("outer").context();
    RequestContext inner = RequestLifecycle.start("inner").context();
    try (RequestContext.Scope a = outer.makeCurrent()) {
      try (RequestContext.Scope b = inner.makeCurrent()) {
        assertThat(MDC.get("request_id")).isEqualTo("inner");
      }
      assertThat(MDC.get("request_id")).isEqualTo("outer");
      assertThat(RequestContext.current()).isSameAs(outer);
    }
  }

  @Test
  void copiesTraceAndSpanIdOfTheCurrentSpan() {
    Span span = tracerProvider.get("test").spanBuilder("op").startSpan();
    try (Scope otel = span.makeCurrent();
        RequestContext.Scope scope = RequestLifecycle.start("req-3").makeCurrent()) {
      assertThat(MDC.get("trace_id")).isEqualTo(span.getSpanContext().getTraceId());
      assertThat(MDC.get("span_id")).isEqualTo(span.getSpanContext().getSpanId());
    } finally {
      span.end();
    }
    assertThat(MDC.get("trace_id")).isNull();
  }

  @Test
  void refreshTraceIdsPicksUpASpanStartedInsideTheScope() {
    try (RequestContext.Scope scope = RequestLifecycle.start("req-4").makeCurrent()) {
      Span span = tracerProvider.get("test").spanBuilder("op").startSpan();
      try (Scope otel = span.makeCurrent()) {
        RequestContext.refreshTraceIds();
        assertThat(MDC.get("span_id")).isEqualTo(span.getSpanContext().getSpanId());
      } finally {
        span.end();
      }
    }
    assertThat(MDC.get("span_id")).isNull();
  }

  @Test
  void invalidIncomingIdIsReplaced() {
    assertThat(RequestLifecycle.start("bad id\n").context().requestId())
        .hasSize(RequestId.GENERATED_LENGTH);
  }

  @Test
  void slotsAreCreatedOncePerKey() {
    RequestLifecycle.Key<AtomicInteger> counter = RequestLifecycle.Key.named("statements");
    RequestLifecycle request = RequestLifecycle.start(null);
    assertThat(request.slot(counter)).isNull();
    request.slot(counter, AtomicInteger::new).incrementAndGet();
    request.slot(counter, AtomicInteger::new).incrementAndGet();
    assertThat(request.slot(counter).get()).isEqualTo(2);
    assertThat(RequestLifecycle.start(null).slot(counter)).isNull();
  }

  @Test
  void closingTwiceIsHarmless() {
    RequestContext.Scope scope = RequestLifecycle.start("a").makeCurrent();
    scope.close();
    MDC.put("request_id", "later");
    scope.close();
    assertThat(MDC.get("request_id")).isEqualTo("later");
  }

  @Test
  void endRunsCallbacksOnceAndLateCallbacksAtOnce() {
    RequestLifecycle request = RequestLifecycle.start("req-end");
    AtomicInteger runs = new AtomicInteger();
    request.onEnd(runs::incrementAndGet);
    request.onEnd(
        () -> {
          throw new IllegalStateException("contained");
        });
    request.setRoute("/api/tasks/{id}");
    request.end();
    request.end();
    assertThat(runs).hasValue(1);
    request.onEnd(runs::incrementAndGet);
    assertThat(runs).hasValue(2);
    assertThat(request.context().route()).isEqualTo("/api/tasks/{id}");
    assertThat(RequestLifecycle.of(request.context())).isSameAs(request);
  }

  @Test
  void closingTheHandleEndsTheRequestWithItsIdsInTheMdc() {
    List<String> seen = new ArrayList<>();
    try (RequestLifecycle request = RequestLifecycle.start("req-handle");
        RequestContext.Scope scope = request.makeCurrent()) {
      request.onEnd(() -> seen.add(MDC.get("request_id")));
      assertThat(request.ended()).isFalse();
    }
    // The scope closed before the handle: the callback still ran with the request's IDs.
    assertThat(seen).containsExactly("req-handle");
    assertThat(MDC.get("request_id")).isNull();
  }
}
