package dev.observability.httpclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.core.Observability;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The wrapper hands the client's lifecycle (Java 21's shutdown and close) to the wrapped client.
 */
class ObservedHttpClientLifecycleTest {

  @Test
  void shutdownReachesTheWrappedClientWhereTheJdkHasIt() throws Exception {
    try (Observability observability =
        Observability.builder()
            .registerShutdownHook(false)
            .openTelemetry(OpenTelemetry.noop())
            .meterRegistry(new SimpleMeterRegistry())
            .build()) {
      HttpClient delegate = HttpClient.newHttpClient();
      ObservedHttpClient observed =
          (ObservedHttpClient) ObservedHttpClient.wrap(delegate, observability);
      assertThat(ObservedHttpClient.wrap(observed, observability)).isSameAs(observed);

      observed.shutdown();

      if (Runtime.version().feature() >= 21) {
        assertThat(observed.awaitTermination(Duration.ofSeconds(30))).isTrue();
        assertThat(observed.isTerminated()).isTrue();
        boolean delegateTerminated =
            (boolean) HttpClient.class.getMethod("isTerminated").invoke(delegate);
        assertThat(delegateTerminated).isTrue();
      } else {
        assertThat(observed.isTerminated()).isFalse(); // nothing to shut down before Java 21
        assertThat(observed.awaitTermination(Duration.ofSeconds(1))).isTrue();
      }
    }
  }
}
