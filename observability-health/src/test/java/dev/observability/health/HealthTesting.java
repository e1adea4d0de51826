package dev.observability.health;

import dev.observability.core.Observability;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

final class HealthTesting {

  static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HealthTesting() {}

  static Observability observability() {
    return Observability.builder()
        .registerShutdownHook(false)
        .serviceVersion("9.9.9")
        .set("observability.metrics.jvm.enabled", "false")
        .build();
  }

  static HttpResponse<String> get(int port, String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HealthContributor sleeping(String name, long millis) {
    return HealthContributor.of(
        name,
        () -> {
          Thread.sleep(millis);
          return Health.up();
        });
  }
}
