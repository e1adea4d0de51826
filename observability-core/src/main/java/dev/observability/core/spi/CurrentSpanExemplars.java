package dev.observability.core.spi;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.jspecify.annotations.Nullable;

/**
 * Trace-ID exemplars for Prometheus histograms and counters: the span current when a value is
 * recorded, when it is sampled (an unsampled trace is nowhere to be found, so it makes no
 * exemplar). The registry the library creates uses it, and the Spring Boot module hands it to
 * Boot's own Prometheus registry. Written over the OpenTelemetry API rather than taken from {@code
 * prometheus-metrics-tracer-otel}, which does the same in four methods but would add a dependency
 * pinned to its own OpenTelemetry API version beside ours.
 *
 * <p>Needs {@code io.prometheus:prometheus-metrics-tracer-common} (which Micrometer's Prometheus
 * registry brings) on the class path.
 */
public final class CurrentSpanExemplars implements io.prometheus.metrics.tracer.common.SpanContext {

  /** Creates the adapter; it holds no state. */
  public CurrentSpanExemplars() {}

  @Override
  public @Nullable String getCurrentTraceId() {
    SpanContext context = Span.current().getSpanContext();
    return context.isValid() ? context.getTraceId() : null;
  }

  @Override
  public @Nullable String getCurrentSpanId() {
    SpanContext context = Span.current().getSpanContext();
    return context.isValid() ? context.getSpanId() : null;
  }

  @Override
  public boolean isCurrentSpanSampled() {
    return Span.current().getSpanContext().isSampled();
  }

  @Override
  public void markCurrentSpanAsExemplar() {
    // So that a tail-sampling collector can keep the traces that metrics point to.
    Span.current().setAttribute(EXEMPLAR_ATTRIBUTE_NAME, EXEMPLAR_ATTRIBUTE_VALUE);
  }
}
