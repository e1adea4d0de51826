package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
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
    RequestContext context = RequestContext.create("req-1");
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
    assertThatThrownBy(() -> {
      try (RequestContext.Scope scope = RequestContext.create("req-2").makeCurrent()) {
        throw new IllegalStateException("boom");
      }
    }).isInstanceOf(IllegalStateException.class);
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    assertThat(RequestContext.current()).isNull();
  }

  @Test
  void nestedScopesRestoreTheOuterContext() {
    RequestContext outer = RequestContext.create("outer");
    RequestContext inner = RequestContext.create("inner");
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
        RequestContext.Scope scope = RequestContext.create("req-3").makeCurrent()) {
      assertThat(MDC.get("trace_id")).isEqualTo(span.getSpanContext().getTraceId());
      assertThat(MDC.get("span_id")).isEqualTo(span.getSpanContext().getSpanId());
    } finally {
      span.end();
    }
    assertThat(MDC.get("trace_id")).isNull();
  }

  @Test
  void refreshTraceIdsPicksUpASpanStartedInsideTheScope() {
    try (RequestContext.Scope scope = RequestContext.create("req-4").makeCurrent()) {
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
    assertThat(RequestContext.create("bad id\n").requestId()).hasSize(RequestId.GENERATED_LENGTH);
  }

  @Test
  void slotsAreCreatedOncePerKey() {
    RequestContext.Key<AtomicInteger> counter = RequestContext.Key.named("statements");
    RequestContext context = RequestContext.create(null);
    assertThat(context.slot(counter)).isNull();
    context.slot(counter, AtomicInteger::new).incrementAndGet();
    context.slot(counter, AtomicInteger::new).incrementAndGet();
    assertThat(context.slot(counter).get()).isEqualTo(2);
    assertThat(RequestContext.create(null).slot(counter)).isNull();
  }

  @Test
  void closingTwiceIsHarmless() {
    RequestContext.Scope scope = RequestContext.create("a").makeCurrent();
    scope.close();
    MDC.put("request_id", "later");
    scope.close();
    assertThat(MDC.get("request_id")).isEqualTo("later");
  }

  @Test
  void endRunsCallbacksOnceAndLateCallbacksAtOnce() {
    RequestContext context = RequestContext.create("req-end");
    AtomicInteger runs = new AtomicInteger();
    context.onEnd(runs::incrementAndGet);
    context.onEnd(() -> {
      throw new IllegalStateException("contained");
    });
    context.setRoute("/api/tasks/{id}");
    context.end();
    context.end();
    assertThat(runs).hasValue(1);
    context.onEnd(runs::incrementAndGet);
    assertThat(runs).hasValue(2);
    assertThat(context.route()).isEqualTo("/api/tasks/{id}");
  }
}
