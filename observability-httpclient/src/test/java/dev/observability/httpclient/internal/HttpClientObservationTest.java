package dev.observability.httpclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.core.Observability;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpClientObservationTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @Test
  void hostsPastTheSeriesCapAreFoldedIntoOther() {
    try (Observability observability =
        Observability.builder()
            .registerShutdownHook(false)
            .openTelemetry(OpenTelemetry.noop())
            .meterRegistry(meters)
            .build()) {
      HttpClientObservation observation =
          new HttpClientObservation(observability, HttpClientObservation.DEFAULT_REQUEST_ID_HEADER);
      int calls = HttpClientObservation.MAX_SERIES + 50;
      for (int i = 0; i < calls; i++) {
        Map<String, String> headers = new HashMap<>();
        HttpClientObservation.Call call =
            observation.start(
                "GET", URI.create("https://hook-" + i + ".example.com/x"), headers, Map::put);
        assertThat(call).isNotNull();
        call.end(204, null, "1.1");
      }

      assertThat(meters.find(HttpClientObservation.METRIC_DURATION).timers())
          .hasSize(HttpClientObservation.MAX_SERIES + 1);
      Timer other =
          meters
              .find(HttpClientObservation.METRIC_DURATION)
              .tag("server.address", HttpClientObservation.OTHER_HOST)
              .timer();
      assertThat(other).isNotNull();
      assertThat(other.count()).isEqualTo(50);
      assertThat(other.getId().getTag("server.port")).isEqualTo("443");
    }
  }

  @Test
  void portsDefaultBySchemeAndUserInfoNeverReachesTheUrl() {
    assertThat(HttpClientObservation.port(URI.create("http://a.example/x"))).isEqualTo(80);
    assertThat(HttpClientObservation.port(URI.create("https://a.example/x"))).isEqualTo(443);
    assertThat(HttpClientObservation.port(URI.create("https://a.example:8443/x"))).isEqualTo(8443);
    assertThat(
            HttpClientObservation.withoutUserInfo(
                URI.create("https://admin:hunter2@a.example:8443/x?y=1")))
        .isEqualTo("https://a.example:8443/x?y=1");
    assertThat(HttpClientObservation.withoutUserInfo(URI.create("https://a.example/x@y")))
        .isEqualTo("https://a.example/x@y");
  }
}
