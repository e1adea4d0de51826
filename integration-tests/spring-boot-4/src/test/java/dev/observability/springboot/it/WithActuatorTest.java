package dev.observability.springboot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.core.Observability;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The application with Actuator: its registry and health endpoint are the ones used. */
class WithActuatorTest extends BootAppChecks {

  @Override
  String scrapePath() {
    return "/actuator/prometheus";
  }

  @Test
  void theLibraryReportsToBootsRegistry() {
    assertThat(context.getBean(Observability.class).meterRegistry())
        .isSameAs(context.getBean(MeterRegistry.class));
    assertThat(Observability.global()).isSameAs(context.getBean(Observability.class));
  }

  @Test
  void theLibraryUsesBootsOpenTelemetrySdk() {
    assertThat(context.getBeansOfType(io.opentelemetry.api.OpenTelemetry.class)).hasSize(1);
    assertThat(context.getBean(Observability.class).openTelemetry())
        .isSameAs(context.getBean(io.opentelemetry.api.OpenTelemetry.class));
  }

  @Test
  void ourChecksAreAnActuatorHealthContributor() throws Exception {
    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body())
        .contains("\"observability\"")
        .contains("\"queue\"")
        .contains("\"db\""); // Boot's own DataSource check, not a second one of ours
    assertThat(get("/health/ready").statusCode())
        .as("the library serves no health endpoint of its own beside Actuator's")
        .isEqualTo(404);
  }

  @Test
  void theLibrarysScrapeServesTheSameRegistry() throws Exception {
    get("/api/users/alice");
    assertThat(get("/metrics").body()).contains("http_server_request_duration_seconds_count");
  }
}
