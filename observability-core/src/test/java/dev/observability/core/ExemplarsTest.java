package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.core.spi.PrometheusScrape;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus registry Observability creates puts the current span's trace ID on histogram
 * buckets as an exemplar, in the OpenMetrics scrape, for sampled spans only.
 */
class ExemplarsTest {

  private static OpenTelemetrySdk sdk(Sampler sampler) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder()
                .setSampler(sampler)
                .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create()))
                .build())
        .build();
  }

  private static String recordAndScrape(OpenTelemetrySdk sdk) {
    try (Observability observability =
        Observability.builder().registerShutdownHook(false).openTelemetry(sdk).build()) {
      Timer timer =
          Timer.builder("checkout.duration")
              .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100))
              .register(observability.meterRegistry());
      Span span = sdk.getTracer("test").spanBuilder("checkout").startSpan();
      try (Scope scope = span.makeCurrent()) {
        timer.record(Duration.ofMillis(42));
      } finally {
        span.end();
      }
      PrometheusScrape scrape =
          PrometheusScrape.render(observability.meterRegistry(), "application/openmetrics-text");
      assertThat(scrape).isNotNull();
      return scrape.body() + "\ntrace_id=" + span.getSpanContext().getTraceId();
    }
  }

  @Test
  void aSampledSpanBecomesTheBucketsExemplar() {
    try (OpenTelemetrySdk sdk = sdk(Sampler.alwaysOn())) {
      String scraped = recordAndScrape(sdk);
      String traceId = scraped.substring(scraped.lastIndexOf("trace_id=") + 9);
      assertThat(scraped)
          .containsPattern(
              "checkout_duration_seconds_bucket\\{le=\"0\\.1\"\\} 1 # \\{span_id=\"[0-9a-f]{16}\","
                  + "trace_id=\""
                  + traceId
                  + "\"\\} 0\\.042");
      // Not on _count: Prometheus before 2.43 drops a whole scrape that has one there.
      assertThat(scraped).containsPattern("checkout_duration_seconds_count 1\n");
    }
  }

  @Test
  void anUnsampledSpanMakesNone() {
    try (OpenTelemetrySdk sdk = sdk(Sampler.alwaysOff())) {
      String scraped = recordAndScrape(sdk);
      assertThat(scraped.substring(0, scraped.lastIndexOf("trace_id=")))
          .contains("checkout_duration_seconds_bucket{le=\"0.1\"} 1")
          .doesNotContain("trace_id=");
    }
  }
}
