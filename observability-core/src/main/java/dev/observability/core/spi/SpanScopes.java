package dev.observability.core.spi;

import dev.observability.core.RequestContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Makes a span current for the code and for the log lines: the MDC's {@code trace_id}, {@code
 * span_id} and {@code trace_flags} follow the span while the scope is open, and are restored when
 * it closes. Every span our modules make current (timed blocks, annotated methods, statements,
 * jobs) goes through here, so a log line written inside one names that span, not the request's
 * server span.
 *
 * <pre>{@code
 * try (Scope scope = SpanScopes.makeCurrent(span)) {
 *   log.info("inside");   // span_id is span's
 * }
 * }</pre>
 */
public final class SpanScopes {

  private SpanScopes() {}

  /**
   * Makes {@code span} current and puts its IDs in the MDC. A span that is not valid (no SDK)
   * changes neither.
   *
   * @param span the span
   * @return the scope; closing it restores the previous context and MDC values
   */
  public static Scope makeCurrent(Span span) {
    if (!span.getSpanContext().isValid()) {
      return Scope.noop();
    }
    Scope otel = span.makeCurrent();
    Scope logs = inLogs(span);
    return () -> {
      logs.close();
      otel.close();
    };
  }

  /**
   * Puts the IDs of {@code span} in the MDC without making it current: for a line logged about a
   * span that has ended (a slow statement's report).
   *
   * @param span the span
   * @return the scope; closing it restores the previous MDC values
   */
  public static Scope inLogs(Span span) {
    SpanContext context = span.getSpanContext();
    if (!context.isValid()) {
      return Scope.noop();
    }
    String traceId = MDC.get(RequestContext.MDC_TRACE_ID);
    String spanId = MDC.get(RequestContext.MDC_SPAN_ID);
    String flags = MDC.get(RequestContext.MDC_TRACE_FLAGS);
    MDC.put(RequestContext.MDC_TRACE_ID, context.getTraceId());
    MDC.put(RequestContext.MDC_SPAN_ID, context.getSpanId());
    MDC.put(RequestContext.MDC_TRACE_FLAGS, context.getTraceFlags().asHex());
    return () -> {
      restore(RequestContext.MDC_TRACE_ID, traceId);
      restore(RequestContext.MDC_SPAN_ID, spanId);
      restore(RequestContext.MDC_TRACE_FLAGS, flags);
    };
  }

  private static void restore(String key, @Nullable String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
