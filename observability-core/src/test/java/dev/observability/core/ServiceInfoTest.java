package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

/** The release marker a dashboard annotates and a "new deployment" alert watches. */
class ServiceInfoTest {

  @Test
  void theReleaseIsAGaugeOfOneTaggedWithNameVersionAndEnvironment() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Observability observability =
        Observability.builder()
            .registerShutdownHook(false)
            .openTelemetry(OpenTelemetry.noop())
            .meterRegistry(registry)
            .serviceName("checkout")
            .serviceVersion("2.4.1")
            .environment("production")
            .build()) {
      Gauge info = registry.get(Observability.METRIC_SERVICE_INFO).gauge();
      assertThat(info.value()).isEqualTo(1.0);
      assertThat(info.getId().getTag("service.name")).isEqualTo("checkout");
      assertThat(info.getId().getTag("service.version")).isEqualTo("2.4.1");
      assertThat(info.getId().getTag("deployment.environment")).isEqualTo("production");
    }
  }

  @Test
  void prometheusScrapesItAsServiceInfo() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (Observability observability =
        Observability.builder()
            .registerShutdownHook(false)
            .openTelemetry(OpenTelemetry.noop())
            .meterRegistry(registry)
            .serviceName("checkout")
            .serviceVersion("2.4.1")
            .build()) {
      assertThat(registry.scrape())
          .contains(
              "service_info{deployment_environment=\"\",service_name=\"checkout\","
                  + "service_version=\"2.4.1\"} 1");
    }
  }
}
