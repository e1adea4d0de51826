package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.observability.testing.LogCapture;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The SDK's own complaints, from a real OTLP exporter that cannot reach its collector, reach the
 * application's logging through SLF4J as one line each, and nothing reaches standard error.
 */
class OtelDiagnosticsTest {

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort(); // closed again: connections are refused
    }
  }

  @Test
  void exportFailuresAreOneRateLimitedSlf4jLineAndNothingOnStandardError() throws Exception {
    List<LogRecord> reachingRoot = new ArrayList<>();
    Handler rootHandler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getLoggerName() != null
                && record.getLoggerName().startsWith("io.opentelemetry")) {
              synchronized (reachingRoot) {
                reachingRoot.add(record);
              }
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger root = Logger.getLogger("");
    root.addHandler(rootHandler);
    String endpoint = "http://127.0.0.1:" + closedPort();
    try (LogCapture diagnostics = LogCapture.of("io.opentelemetry")) {
      try (Observability observability =
          Observability.builder()
              .registerShutdownHook(false)
              .set("observability.metrics.jvm.enabled", "false")
              .otelProperty("otel.traces.exporter", "otlp")
              .otelProperty("otel.exporter.otlp.protocol", "http/protobuf")
              .otelProperty("otel.exporter.otlp.endpoint", endpoint)
              .otelProperty("otel.exporter.otlp.timeout", "500")
              .otelProperty("otel.bsp.schedule.delay", "20")
              .build()) {
        var tracing = ((OpenTelemetrySdk) observability.openTelemetry()).getSdkTracerProvider();
        for (int i = 0; i < 5; i++) {
          observability.tracer().spanBuilder("export me " + i).startSpan().end();
          tracing.forceFlush().join(30, TimeUnit.SECONDS); // returns once the export has failed
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (diagnostics.events().isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
      }
      List<ILoggingEvent> events = diagnostics.events();
      assertThat(events).as("the export failure, through SLF4J").isNotEmpty();
      assertThat(events)
          .allSatisfy(
              event -> {
                assertThat(event.getFormattedMessage()).doesNotContain("\n");
                assertThat(event.getThrowableProxy()).isNull();
              });
      assertThat(events.get(0).getFormattedMessage()).containsIgnoringCase("export");
      // One line per message and minute, however many exports failed.
      assertThat(events.stream().map(ILoggingEvent::getMessage).distinct().count())
          .isEqualTo(events.size());
    } finally {
      root.removeHandler(rootHandler);
    }
    synchronized (reachingRoot) {
      assertThat(reachingRoot).as("records that would go to standard error").isEmpty();
    }
    // Closed: java.util.logging is as it was.
    assertThat(Logger.getLogger("io.opentelemetry").getHandlers()).isEmpty();
    assertThat(Logger.getLogger("io.opentelemetry").getUseParentHandlers()).isTrue();
  }
}
