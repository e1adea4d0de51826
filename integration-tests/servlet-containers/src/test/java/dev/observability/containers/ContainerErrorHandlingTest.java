package dev.observability.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.testing.LogCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With {@code errorAnswers=false} the container answers failures as it did before the filter
 * answered them (for applications with their own error pages), and the client and the telemetry
 * still agree on the status.
 */
class ContainerErrorHandlingTest {

  private static Telemetry telemetry;

  @BeforeAll
  static void install() {
    telemetry = new Telemetry();
  }

  @AfterAll
  static void uninstall() {
    telemetry.close();
  }

  @BeforeEach
  void reset() {
    telemetry.reset();
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void theContainerAnswersAndTheStatusesAgree(Container container) throws Exception {
    try (Container.Running app =
        container.deploy(new Application(), Map.of("observability.filter.errorAnswers", "false"))) {
      for (String path : new String[] {"/fail/runtime", "/fail/argument"}) {
        HttpResponse<String> response =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                        .header("X-Request-ID", "opt-out-" + path.substring(6))
                        .timeout(Telemetry.TIMEOUT)
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(500);
        assertThat(response.body()).as("the container's own page").doesNotStartWith("{\"error\"");
        assertThat(
                LogCapture.keyValue(
                    telemetry.accessEventFor("opt-out-" + path.substring(6)), "status_code"))
            .isEqualTo(500);
      }
      // The exception went to the container, which logged it; the filter did not log it again.
      assertThat(telemetry.errors.events()).isEmpty();
    }
  }
}
