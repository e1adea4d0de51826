package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.observability.testing.LogCapture;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.semconv.ExceptionAttributes;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimingTest {

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
  private final LogCapture log = LogCapture.of("dev.observability.timing");

  @AfterEach
  void tearDown() {
    log.close();
    observability.close();
    sdk.close();
  }

  @Test
  void recordsSpanAndTimerAndReturnsTheResult() {
    Timing timing = observability.timing("inventory.reserve").tag("warehouse", "berlin").build();
    String[] spanIdInside = new String[1];
    String result =
        timing.get(
            () -> {
              spanIdInside[0] = Span.current().getSpanContext().getSpanId();
              return "ok";
            });
    assertThat(result).isEqualTo("ok");
    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("inventory.reserve");
    assertThat(span.getSpanId()).isEqualTo(spanIdInside[0]);
    Timer timer =
        registry
            .get("inventory.reserve")
            .tag("warehouse", "berlin")
            .tag("error.type", "none")
            .timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(log.events()).isEmpty();
  }

  @Test
  void checkedExceptionsPassThroughUnchangedAndAreRecorded() {
    Timing timing = observability.timing("file.read").build();
    IOException failure =
        new IOException(
            "disk gone for jane.doe@example.com", new IllegalStateException("token=s3cr3t"));
    assertThatThrownBy(
            () ->
                timing.call(
                    () -> {
                      throw failure;
                    }))
        .isSameAs(failure);
    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getEvents()).extracting(e -> e.getName()).containsExactly("exception");
    var exception = span.getEvents().get(0).getAttributes();
    assertThat(exception.get(ExceptionAttributes.EXCEPTION_MESSAGE))
        .isEqualTo("disk gone for j***@example.com");
    assertThat(exception.get(ExceptionAttributes.EXCEPTION_STACKTRACE))
        .contains("Caused by: java.lang.IllegalStateException: token=***")
        .doesNotContain("jane.doe", "s3cr3t");
    assertThat(registry.get("file.read").tag("error.type", "java.io.IOException").timer().count())
        .isEqualTo(1);
  }

  @Test
  void runtimeExceptionsAndErrorsPassThroughUnchanged() {
    Timing timing = observability.timing("op").build();
    IllegalStateException runtime = new IllegalStateException("x");
    assertThatThrownBy(
            () ->
                timing.run(
                    () -> {
                      throw runtime;
                    }))
        .isSameAs(runtime);
    AssertionError error = new AssertionError("y");
    assertThatThrownBy(
            () ->
                timing.get(
                    () -> {
                      throw error;
                    }))
        .isSameAs(error);
    assertThat(spans.getFinishedSpanItems()).hasSize(2);
  }

  @Test
  void logsOneWarnAboveTheThreshold() {
    Timing timing = observability.timing("slow.op").slowThreshold(Duration.ofMillis(5)).build();
    timing.run(() -> sleep(30));
    timing.run(() -> {});
    List<ILoggingEvent> warnings = log.withMessage("slow operation");
    assertThat(warnings).hasSize(1);
    ILoggingEvent warning = warnings.get(0);
    assertThat(LogCapture.keyValue(warning, "operation")).isEqualTo("slow.op");
    assertThat((Long) LogCapture.keyValue(warning, "duration_ms")).isGreaterThanOrEqualTo(30L);
    assertThat(LogCapture.keyValue(warning, "threshold_ms")).isEqualTo(5L);
    assertThat(registry.get("slow.op").timer().totalTime(TimeUnit.MILLISECONDS))
        .isGreaterThanOrEqualTo(30);
  }

  @Test
  void thresholdDefaultsToTheConfiguredSetting() {
    Observability configured =
        Observability.builder()
            .registerShutdownHook(false)
            .openTelemetry(sdk)
            .meterRegistry(registry)
            .set(ObservabilityConfig.SLOW_THRESHOLD, "1ms")
            .build();
    configured.timing("configured.op").build().run(() -> sleep(10));
    assertThat(log.withMessage("slow operation")).hasSize(1);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
