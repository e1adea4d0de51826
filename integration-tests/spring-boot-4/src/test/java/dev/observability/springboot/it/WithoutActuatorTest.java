package dev.observability.springboot.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The same application without Actuator: the library serves health and the scrape itself. */
class WithoutActuatorTest extends BootAppChecks {

  @Override
  String scrapePath() {
    return "/metrics";
  }

  @Test
  void actuatorIsReallyAbsent() {
    assertThat(
            org.springframework.util.ClassUtils.isPresent(
                "org.springframework.boot.actuate.endpoint.annotation.Endpoint", null))
        .isFalse();
  }

  @Test
  void theLibraryMadeItsOwnSdk() {
    assertThat(context.getBeansOfType(io.opentelemetry.api.OpenTelemetry.class)).isEmpty();
  }

  @Test
  void healthLivenessAndReadinessAreServed() throws Exception {
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    HttpResponse<String> all = get("/health");
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.body()).contains("\"status\":\"healthy\"");
    // Behind them: a check per DataSource, and the application's own.
    assertThat(context.getBean(dev.observability.health.HealthRegistry.class).names())
        .containsExactlyInAnyOrder("database", "queue");
  }
}
