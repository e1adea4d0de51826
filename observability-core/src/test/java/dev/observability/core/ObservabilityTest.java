package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.observability.testing.OtlpReceiver;
import dev.observability.testing.UnresponsiveServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ObservabilityTest {

  private final List<LogRecord> otelWarnings = new CopyOnWriteArrayList<>();
  private final Logger otelLogger = Logger.getLogger("io.opentelemetry");
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            otelWarnings.add(record);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureOpenTelemetryLogs() {
    otelLogger.addHandler(handler);
  }

  @AfterEach
  void release() {
    otelLogger.removeHandler(handler);
  }

  private static Observability.Builder exportingTo(String endpoint) {
    return Observability.builder()
        .registerShutdownHook(false)
        .otelProperty("otel.exporter.otlp.endpoint", endpoint)
        .otelProperty("otel.exporter.otlp.protocol", "http/protobuf")
        .otelProperty("otel.bsp.schedule.delay", "50");
  }

  @Test
  void exportsSpansOverOtlpWithTheServiceNameAsResourceAttribute() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      try (Observability observability =
          exportingTo(receiver.endpoint())
              .serviceName("checkout-test")
              .serviceVersion("1.2.3")
              .environment("test")
              .build()) {
        observability.tracer().spanBuilder("charge card").startSpan().end();
        assertThat(receiver.awaitSpans(1, Duration.ofSeconds(10))).hasSize(1);
      }
      ResourceSpans resource = receiver.resourceSpans().get(0);
      List<io.opentelemetry.proto.common.v1.KeyValue> attributes =
          resource.getResource().getAttributesList();
      assertThat(OtlpReceiver.stringAttribute(attributes, "service.name"))
          .isEqualTo("checkout-test");
      assertThat(OtlpReceiver.stringAttribute(attributes, "service.version")).isEqualTo("1.2.3");
      assertThat(OtlpReceiver.stringAttribute(attributes, "deployment.environment.name"))
          .isEqualTo("test");
      assertThat(receiver.spans().get(0).getName()).isEqualTo("charge card");
    }
  }

  @Test
  void withoutAnEndpointCreatesTraceIdsButExportsNothingAndLogsNoErrors() {
    try (Observability observability =
        Observability.builder().registerShutdownHook(false).build()) {
      Span span = observability.tracer().spanBuilder("local").startSpan();
      assertThat(span.getSpanContext().isValid()).isTrue();
      assertThat(span.getSpanContext().isSampled()).isTrue();
      span.end();
    }
    assertThat(otelWarnings).isEmpty();
  }

  @Test
  void refusedConnectionsNeitherBlockNorThrowAndAreCounted() throws Exception {
    int port = UnresponsiveServer.refusingPort();
    Observability observability =
        exportingTo("http://127.0.0.1:" + port)
            .otelProperty("otel.exporter.otlp.timeout", "500")
            .shutdownTimeout(Duration.ofSeconds(1))
            .build();
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          for (int i = 0; i < 5_000; i++) {
            observability.tracer().spanBuilder("s" + i).startSpan().end();
          }
        });
    awaitCount(observability, "export_failed");
    assertThat(observability.droppedSpans()).isPositive();
    assertThat(count(observability, "export_failed")).isPositive();
    assertClosesWithinBound(observability, Duration.ofSeconds(1));
  }

  @Test
  void anEndpointThatNeverAnswersNeitherBlocksNorThrowsAndDropsAreCounted() throws Exception {
    try (UnresponsiveServer silent = UnresponsiveServer.start()) {
      Observability observability =
          exportingTo("http://127.0.0.1:" + silent.port())
              .otelProperty("otel.bsp.max.queue.size", "256")
              .otelProperty("otel.bsp.max.export.batch.size", "64")
              .shutdownTimeout(Duration.ofSeconds(1))
              .build();
      assertTimeoutPreemptively(
          Duration.ofSeconds(10),
          () -> {
            for (int i = 0; i < 20_000; i++) {
              observability.tracer().spanBuilder("s" + i).startSpan().end();
            }
          });
      assertThat(silent.connections()).isPositive();
      awaitCount(observability, "queue_full");
      assertThat(count(observability, "queue_full")).isPositive();
      assertThat(count(observability, "exported")).isZero();
      assertClosesWithinBound(observability, Duration.ofSeconds(1));
    }
  }

  @Test
  void usesTheApplicationsOwnInstancesAndLeavesThemOpen() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Observability observability =
        Observability.builder()
            .registerShutdownHook(false)
            .openTelemetry(sdk)
            .meterRegistry(registry)
            .build();
    observability.tracer().spanBuilder("mine").startSpan().end();
    assertThat(observability.meterRegistry()).isSameAs(registry);
    observability.close();
    assertThat(exporter.getFinishedSpanItems())
        .extracting(s -> s.getName())
        .containsExactly("mine");
    assertThat(registry.isClosed()).isFalse();
    sdk.close();
  }

  @Test
  void choosesPrometheusWhenPresentAndBindsJvmMetrics() {
    try (Observability observability =
        Observability.builder().registerShutdownHook(false).build()) {
      assertThat(observability.meterRegistry()).isInstanceOf(PrometheusMeterRegistry.class);
      String scrape = ((PrometheusMeterRegistry) observability.meterRegistry()).scrape();
      assertThat(scrape).contains("jvm_memory_used_bytes", "process_uptime_seconds");
    }
  }

  @Test
  void installedInstanceIsGlobalUntilClosed() {
    Observability installed = Observability.builder().registerShutdownHook(false).install();
    try {
      assertThat(Observability.global()).isSameAs(installed);
    } finally {
      installed.close();
    }
    Observability fresh = Observability.global();
    assertThat(fresh).isNotSameAs(installed);
    fresh.close();
  }

  @Test
  void malformedSettingsFailFastNamingTheKey() {
    assertThatThrownBy(
            () -> Observability.builder().set(ObservabilityConfig.SHUTDOWN_TIMEOUT, "soon").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ObservabilityConfig.SHUTDOWN_TIMEOUT);
    assertThatThrownBy(() -> Observability.builder().otelProperty("exporter", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void closeIsIdempotent() {
    Observability observability = Observability.builder().registerShutdownHook(false).build();
    observability.close();
    assertThat(observability.meterRegistry().isClosed()).isTrue();
    assertThat(
            ((OpenTelemetrySdk) observability.openTelemetry())
                .getSdkTracerProvider()
                .shutdown()
                .isSuccess())
        .isTrue();
    observability.close(); // a second close does nothing and does not throw
    assertThat(observability.meterRegistry().isClosed()).isTrue();
  }

  private static double count(Observability observability, String outcome) {
    return observability
        .meterRegistry()
        .get("observability.telemetry.spans")
        .tag("outcome", outcome)
        .functionCounter()
        .count();
  }

  private static void awaitCount(Observability observability, String outcome)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (count(observability, outcome) == 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  private static void assertClosesWithinBound(Observability observability, Duration bound) {
    long start = System.nanoTime();
    observability.close();
    // The bound plus generous slack for a loaded machine: a close that waited for the exporter's
    // own timeouts or retries would take far longer.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(bound.plusSeconds(3));
  }
}
