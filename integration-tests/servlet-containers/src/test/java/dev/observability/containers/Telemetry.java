package dev.observability.containers;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import dev.observability.core.Observability;
import dev.observability.servlet.RequestObservabilityFilter;
import dev.observability.testing.LogCapture;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.slf4j.Logger;

/**
 * What the observed application emits, as an operator would read it: spans in memory, the installed
 * instance's meters, every logback event (ours and the containers' through SLF4J) and every {@code
 * java.util.logging} record (Tomcat logs there).
 */
final class Telemetry implements AutoCloseable {

  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
          .build();
  final Observability observability =
      Observability.builder()
          .registerShutdownHook(false)
          .openTelemetry(sdk)
          .set("observability.metrics.jvm.enabled", "false")
          .install(); // the zero-config initializer's filter uses the installed instance

  final LogCapture access = LogCapture.of(RequestObservabilityFilter.ACCESS_LOGGER);
  final LogCapture errors = LogCapture.of(RequestObservabilityFilter.ERROR_LOGGER);
  final LogCapture everything = LogCapture.of(Logger.ROOT_LOGGER_NAME);
  final List<LogRecord> julRecords = new ArrayList<>();
  private final Handler julHandler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          synchronized (julRecords) {
            julRecords.add(record);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  Telemetry() {
    java.util.logging.Logger.getLogger("").addHandler(julHandler);
  }

  private int eventsMark;
  private int julMark;

  void reset() {
    eventsMark = everything.events().size();
    synchronized (julRecords) {
      julMark = julRecords.size();
    }
    spans.reset();
    observability.meterRegistry().clear();
  }

  /** The access-log event of the one request served since the last reset. */
  ILoggingEvent accessEventFor(String requestId) {
    await(() -> access.events().stream().anyMatch(e -> isFor(e, requestId)));
    return access.events().stream()
        .filter(e -> isFor(e, requestId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no access-log event for " + requestId));
  }

  List<ILoggingEvent> errorEventsFor(String requestId) {
    return errors.events().stream().filter(e -> isFor(e, requestId)).toList();
  }

  private static boolean isFor(ILoggingEvent event, String requestId) {
    return requestId.equals(event.getMDCPropertyMap().get("request_id"));
  }

  SpanData serverSpan() {
    await(() -> !spans.getFinishedSpanItems().isEmpty());
    return spans.getFinishedSpanItems().get(0);
  }

  static Long statusOf(SpanData span) {
    return span.getAttributes().get(AttributeKey.longKey("http.response.status_code"));
  }

  /** The request timer, found by the status and error type it was recorded with. */
  Timer requestTimer(int status, String errorType) {
    await(
        () ->
            observability
                    .meterRegistry()
                    .find(RequestObservabilityFilter.METRIC_REQUEST_DURATION)
                    .tag("http.response.status_code", Integer.toString(status))
                    .tag("error.type", errorType)
                    .timer()
                != null);
    Timer timer =
        observability
            .meterRegistry()
            .find(RequestObservabilityFilter.METRIC_REQUEST_DURATION)
            .tag("http.response.status_code", Integer.toString(status))
            .tag("error.type", errorType)
            .timer();
    if (timer == null) {
      throw new AssertionError(
          "no request timer with status "
              + status
              + " and error.type "
              + errorType
              + "; there are: "
              + observability.meterRegistry().getMeters().stream()
                  .map(m -> m.getId().toString())
                  .toList());
    }
    return timer;
  }

  /**
   * The loggers of every record since the last reset, from either logging system, whose exception
   * (or a cause of it) has {@code text} in its message.
   */
  List<String> recordsCarrying(String text) {
    List<String> found = new ArrayList<>();
    List<ILoggingEvent> events = everything.events();
    for (ILoggingEvent event : events.subList(eventsMark, events.size())) {
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        if (String.valueOf(t.getMessage()).contains(text)) {
          found.add(event.getLoggerName());
          break;
        }
      }
    }
    synchronized (julRecords) {
      for (LogRecord record : julRecords.subList(julMark, julRecords.size())) {
        Throwable thrown = record.getThrown();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
          if (String.valueOf(t.getMessage()).contains(text)) {
            found.add(record.getLoggerName());
            break;
          }
        }
      }
    }
    return found;
  }

  static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  static final Duration TIMEOUT = Duration.ofSeconds(20);

  @Override
  public void close() {
    java.util.logging.Logger.getLogger("").removeHandler(julHandler);
    access.close();
    errors.close();
    everything.close();
    observability.close();
    sdk.close();
  }
}
