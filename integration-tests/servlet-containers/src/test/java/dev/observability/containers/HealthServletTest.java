package dev.observability.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.core.Observability;
import dev.observability.health.Health;
import dev.observability.health.HealthChecks;
import dev.observability.health.HealthContributor;
import dev.observability.health.HealthRegistry;
import dev.observability.health.HealthServlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletRegistration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The health servlet's async answers on every container: with 8 request threads, 100 readiness
 * probes waiting for a hanging check hold none of them, so liveness is still answered.
 */
class HealthServletTest {

  private static final int THREADS = 8;
  private static final int PROBES = 100;

  @ParameterizedTest
  @EnumSource(Container.class)
  void readinessProbesWaitingForAHangingCheckHoldNoThreadAndLivenessAnswers(Container container)
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch hanging = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (Observability observability =
            Observability.builder()
                .registerShutdownHook(false)
                .set("observability.metrics.jvm.enabled", "false")
                .build();
        HealthRegistry registry =
            HealthRegistry.builder()
                .observability(observability)
                .timeout(Duration.ofSeconds(2))
                .cacheTtl(Duration.ZERO)
                .add(
                    HealthContributor.of(
                        "database",
                        () -> {
                          if (runs.incrementAndGet() > 1) { // the run at start-up answers
                            hanging.countDown();
                            release.await();
                          }
                          return Health.up();
                        }))
                .add(HealthChecks.deadlocks())
                .build();
        Container.Running app = container.deploy(healthServlet(registry), Map.of(), THREADS)) {
      String base = "http://127.0.0.1:" + app.port() + "/health";
      List<CompletableFuture<HttpResponse<String>>> ready = new ArrayList<>();
      for (int i = 0; i < PROBES; i++) {
        ready.add(
            client.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/ready"))
                    .timeout(Duration.ofSeconds(60))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      assertThat(hanging.await(30, TimeUnit.SECONDS)).as("the probes reached the check").isTrue();
      HttpResponse<String> live =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/live"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(live.body()).contains("\"status\":\"healthy\"");
      for (CompletableFuture<HttpResponse<String>> probe : ready) {
        HttpResponse<String> response = probe.get(60, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"reason\":\"timeout\"");
      }
    } finally {
      release.countDown();
    }
  }

  private static ServletContainerInitializer healthServlet(HealthRegistry registry) {
    return (classes, context) -> {
      ServletRegistration.Dynamic servlet =
          context.addServlet("health", new HealthServlet(registry));
      servlet.setAsyncSupported(true);
      servlet.addMapping("/health/*");
    };
  }
}
