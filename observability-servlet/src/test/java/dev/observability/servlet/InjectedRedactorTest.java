package dev.observability.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.observability.core.Observability;
import dev.observability.core.Redactors;
import dev.observability.testing.LogCapture;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The filter and the error answers use the redactor given to {@link Observability}. */
class InjectedRedactorTest {

  @Test
  void accessLogAndErrorBodiesUseTheApplicationsRedactor() throws Exception {
    Observability observability =
        Observability.builder()
            .registerShutdownHook(false)
            .set("observability.metrics.jvm.enabled", "false")
            .redactor(
                Redactors.composite(
                    Redactors.defaults(),
                    Redactors.pattern(Pattern.compile("EMP-[0-9]++"), "EMP-***")))
            .build();
    try (TestServer server = new TestServer(b -> b, observability);
        LogCapture access = LogCapture.of(RequestObservabilityFilter.ACCESS_LOGGER)) {
      server.get("/api/tasks/7?owner=EMP-123456", "User-Agent", "probe EMP-654321");
      TestServer.await(() -> !access.events().isEmpty());
      ILoggingEvent event = access.events().get(0);
      assertThat(LogCapture.keyValue(event, "query")).isEqualTo("owner=EMP-***");
      assertThat(LogCapture.keyValue(event, "user_agent")).isEqualTo("probe EMP-***");

      HttpResponse<String> bad = server.get("/misc/bad-employee");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("no such employee EMP-***").doesNotContain("222222");
    } finally {
      observability.close();
    }
  }
}
