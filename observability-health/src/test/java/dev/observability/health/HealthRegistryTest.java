package dev.observability.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.observability.core.Observability;
import dev.observability.testing.LogCapture;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthRegistryTest {

  private final Observability observability = HealthTesting.observability();

  @AfterEach
  void close() {
    observability.close();
  }

  private HealthRegistry.Builder registry() {
    return HealthRegistry.builder()
        .observability(observability)
        .timeout(Duration.ofSeconds(1))
        .cacheTtl(Duration.ZERO);
  }

  @Test
  void throwingNullAndErrorContributorsAreDownAndTheReportStillComes() {
    try (HealthRegistry health =
        registry()
            .add(
                HealthContributor.of(
                    "throws",
                    () -> {
                      throw new IllegalStateException("boom");
                    }))
            .add(HealthContributor.of("null", () -> null))
            .add(
                HealthContributor.of(
                    "error",
                    () -> {
                      throw new OutOfMemoryError("simulated");
                    }))
            .add(HealthContributor.of("fine", Health::up))
            .build()) {
      HealthReport report = health.check(null);
      assertThat(report.status()).isEqualTo(HealthReport.Status.UNHEALTHY);
      assertThat(report.checks())
          .extracting(c -> c.name() + "=" + c.health().status())
          .containsExactly("throws=DOWN", "null=DOWN", "error=DOWN", "fine=UP");
      assertThat(report.checks().get(0).health().reason()).isEqualTo("exception");
    }
  }

  @Test
  void nonCriticalFailureDegradesAndCriticalFailureMakesUnhealthy() {
    try (HealthRegistry health =
        registry()
            .add(HealthContributor.of("cache", () -> Health.down("cache gone")).nonCritical())
            .add(HealthContributor.of("db", Health::up))
            .build()) {
      HealthReport report = health.check(null);
      assertThat(report.status()).isEqualTo(HealthReport.Status.DEGRADED);
      assertThat(report.httpStatus()).isEqualTo(200);
    }
    try (HealthRegistry health =
        registry().add(HealthContributor.of("db", () -> Health.down("db gone"))).build()) {
      assertThat(health.check(null).httpStatus()).isEqualTo(503);
    }
  }

  @Test
  void concurrentCallersShareOneEvaluationAndResultsAreCached() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    try (HealthRegistry health =
        HealthRegistry.builder()
            .observability(observability)
            .cacheTtl(Duration.ofSeconds(30))
            .add(
                HealthContributor.of(
                    "counted",
                    () -> {
                      runs.incrementAndGet();
                      Thread.sleep(100);
                      return Health.up();
                    }))
            .build()) {
      Thread[] threads = new Thread[50];
      for (int i = 0; i < threads.length; i++) {
        threads[i] = new Thread(() -> health.check(null));
        threads[i].start();
      }
      for (Thread t : threads) {
        t.join();
      }
      health.check(null);
      assertThat(runs).hasValue(1);
    }
  }

  @Test
  void publishesStatusAndDurationMetricsAndLogsFailures() {
    try (LogCapture log = LogCapture.of("dev.observability.health");
        HealthRegistry health =
            registry()
                .add(HealthContributor.of("db", () -> Health.down("password=hunter2 refused")))
                .add(HealthChecks.deadlocks())
                .build()) {
      health.check(null);
      var meters = observability.meterRegistry();
      assertThat(
              meters
                  .get("health.check.status")
                  .tags("check", "db", "group", "readiness")
                  .gauge()
                  .value())
          .isZero();
      assertThat(
              meters
                  .get("health.check.status")
                  .tags("check", "deadlocks", "group", "liveness")
                  .gauge()
                  .value())
          .isEqualTo(1);
      assertThat(
              meters
                  .get("health.check.duration")
                  .tags("check", "db", "group", "readiness")
                  .timer()
                  .count())
          .isPositive(); // the first run at registration, and this call's unless cached
      // Logged when it went down, not again at every run while it stays down.
      assertThat(log.withMessage("health check failed: {}")).hasSize(1);
      assertThat(log.events().get(0).getFormattedMessage())
          .contains("password=***")
          .doesNotContain("hunter2");
    }
  }

  @Test
  void discoversContributorsThroughServiceLoader() {
    try (HealthRegistry health = registry().discover().build()) {
      assertThat(health.names()).containsExactly("discovered");
      assertThat(health.check(null).status()).isEqualTo(HealthReport.Status.HEALTHY);
    }
  }

  @Test
  void rejectsDuplicateNamesAtConfigurationTime() {
    assertThatThrownBy(
            () -> registry().add(HealthChecks.deadlocks()).add(HealthChecks.deadlocks()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deadlocks");
  }

  @Test
  void livenessBuiltInsAreUpInAHealthyJvm() {
    try (HealthRegistry health =
        registry().add(HealthChecks.deadlocks()).add(HealthChecks.heap(0.99)).build()) {
      HealthReport live = health.check(HealthContributor.LIVENESS);
      assertThat(live.checks())
          .extracting(HealthReport.Check::name)
          .containsExactly("deadlocks", "heap");
      assertThat(live.status()).isEqualTo(HealthReport.Status.HEALTHY);
      assertThat(health.check(HealthContributor.READINESS).checks()).isEmpty();
    }
  }
}
