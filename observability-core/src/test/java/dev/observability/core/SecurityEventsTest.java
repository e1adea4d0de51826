package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.observability.core.spi.RequestLifecycle;
import dev.observability.testing.LogCapture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class SecurityEventsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Observability observability =
      Observability.builder()
          .registerShutdownHook(false)
          .openTelemetry(OpenTelemetry.noop())
          .meterRegistry(registry)
          .build();

  @Test
  void logsRedactedWarnAndCountsByType() {
    try (LogCapture log = LogCapture.of("dev.observability.security");
        RequestContext.Scope scope = RequestLifecycle.start("req-sec").makeCurrent()) {
      SecurityEvents events = observability.securityEvents();
      events.loginFailed("jane.doe@example.com", "bad password\nINFO forged line");
      events.accountLocked("jane.doe@example.com", "5 failures");
      events.rateLimited("203.0.113.7", "login per minute");
      events.permissionDenied("user-7", "/admin");
      events.loginFailed("bob", "unknown user");

      ILoggingEvent first = log.events().get(0);
      assertThat(first.getLevel()).isEqualTo(Level.WARN);
      assertThat(first.getMessage()).isEqualTo("security event");
      assertThat(LogCapture.keyValue(first, "event")).isEqualTo("login_failure");
      assertThat(LogCapture.keyValue(first, "subject")).isEqualTo("j***@example.com");
      assertThat((String) LogCapture.keyValue(first, "detail")).doesNotContain("\n");
      assertThat(first.getMDCPropertyMap()).containsEntry("request_id", "req-sec");
      assertThat(log.events()).hasSize(5);
    }
    assertThat(registry.get("security.events").tag("type", "login_failure").counter().count())
        .isEqualTo(2);
    assertThat(registry.get("security.events").tag("type", "account_locked").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("security.events").tag("type", "rate_limited").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("security.events").tag("type", "permission_denied").counter().count())
        .isEqualTo(1);
    assertThat(MDC.get("request_id")).isNull();
  }
}
