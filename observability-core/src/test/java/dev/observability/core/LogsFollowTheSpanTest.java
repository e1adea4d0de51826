package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.observability.core.spi.RequestLifecycle;
import dev.observability.testing.LogCapture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A log line names the span it was written in: inside a timed block, an annotated method or a job,
 * {@code span_id} is that span's and {@code trace_flags} says whether it is sampled; once the block
 * ends the request's span is back.
 */
class LogsFollowTheSpanTest {

  private static final Logger LOG = LoggerFactory.getLogger("test.follow");

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = sdk(Sampler.alwaysOn());
  private final Observability observability = observability(sdk);
  private final LogCapture log = LogCapture.of("test.follow");

  private OpenTelemetrySdk sdk(Sampler sampler) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder()
                .setSampler(sampler)
                .addSpanProcessor(SimpleSpanProcessor.create(spans))
                .build())
        .build();
  }

  private static Observability observability(OpenTelemetrySdk sdk) {
    return Observability.builder()
        .registerShutdownHook(false)
        .openTelemetry(sdk)
        .meterRegistry(new SimpleMeterRegistry())
        .build();
  }

  @AfterEach
  void tearDown() {
    log.close();
    observability.close();
    sdk.close();
  }

  /** An annotated service, as the proxy sees it. */
  public interface Inventory {
    void reserve();
  }

  @Test
  void insideATimedBlockAnAnnotatedMethodAndAJobLinesNameThatSpan() {
    Span server = sdk.getTracer("test").spanBuilder("GET /orders").startSpan();
    Inventory inventory =
        Observed.proxy(
            observability,
            Inventory.class,
            new Inventory() {
              @Override
              @WithSpan("inventory.reserve")
              public void reserve() {
                LOG.info("annotated");
              }
            });
    try (RequestLifecycle request = RequestLifecycle.start("req-follow-1");
        RequestContext.Scope requestScope = request.makeCurrent();
        Scope scope = server.makeCurrent()) {
      RequestContext.refreshTraceIds();
      LOG.info("before");
      observability.timing("price.lookup").build().run(() -> LOG.info("timed"));
      inventory.reserve();
      observability.jobs().run("audit.write", () -> LOG.info("job"));
      LOG.info("after");
    } finally {
      server.end();
    }

    String serverId = server.getSpanContext().getSpanId();
    assertThat(mdc("before")).containsEntry("span_id", serverId);
    assertThat(sampled(mdc("before"))).isTrue();
    assertThat(mdc("timed")).containsEntry("span_id", spanId("price.lookup"));
    assertThat(mdc("annotated")).containsEntry("span_id", spanId("inventory.reserve"));
    assertThat(mdc("job")).containsEntry("span_id", spanId("audit.write"));
    for (String message : new String[] {"timed", "annotated", "job"}) {
      assertThat(mdc(message))
          .containsEntry("trace_id", server.getSpanContext().getTraceId())
          .containsEntry("request_id", "req-follow-1");
      assertThat(sampled(mdc(message))).isTrue();
    }
    assertThat(mdc("after")).containsEntry("span_id", serverId);
  }

  @Test
  void anUnsampledTraceSaysSoInItsLines() {
    try (OpenTelemetrySdk unsampled = sdk(Sampler.alwaysOff());
        Observability quiet = observability(unsampled)) {
      quiet.timing("price.lookup").build().run(() -> LOG.info("unsampled"));
    }
    assertThat(mdc("unsampled")).containsKey("span_id");
    assertThat(sampled(mdc("unsampled"))).isFalse();
  }

  /** The sampled bit of the W3C trace flags (the random-trace-ID bit may be set beside it). */
  private static boolean sampled(Map<String, String> mdc) {
    return (Integer.parseInt(mdc.get("trace_flags"), 16) & 1) == 1;
  }

  private Map<String, String> mdc(String message) {
    ILoggingEvent event = log.withMessage(message).get(0);
    return event.getMDCPropertyMap();
  }

  private String spanId(String name) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .map(SpanData::getSpanId)
        .findFirst()
        .orElseThrow();
  }
}
