package dev.observability.springboot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.observability.core.Observability;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** What the application's own settings do at start. */
class StartupSettingsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "observability.filter.max-routes=0 | observability.filter.max-routes",
        "observability.jdbc.slow-query-threshold=-5s | observability.jdbc.slow-query-threshold",
        "observability.jdbc.slow-query-threshold=soon | observability.jdbc.slow-query-threshold",
        "observability.filter.trusted-proxies=10.0.0.0/99 | observability.filter.trusted-proxies",
        "observability.health.show-details=sometimes | observability.health.show-details",
        "observability.metrics.path=metrics | observability.metrics.path"
      })
  void aValueThatCannotHoldStopsTheStartNamingTheProperty(String setting, String property) {
    assertThatThrownBy(
            () ->
                SpringApplication.run(
                        UsersApplication.class,
                        "--server.port=0",
                        "--spring.datasource.url=jdbc:h2:mem:settings;DB_CLOSE_DELAY=-1",
                        "--" + setting)
                    .close())
        .satisfies(
            failure -> {
              StringBuilder messages = new StringBuilder();
              for (Throwable t = failure; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
              }
              assertThat(messages.toString()).contains(property);
            });
  }

  @Test
  void anObservedUrlWorksWithoutNamingTheDriverAndIsMeasuredOnce() throws Exception {
    observedUrlServesOnce(
        "--spring.datasource.url=jdbc:observability:h2:mem:prefixed;DB_CLOSE_DELAY=-1");
  }

  @Test
  void anObservedPostgresUrlWorksWithFlywayWithoutNamingTheDriver() throws Exception {
    try (io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres =
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres.start()) {
      observedUrlServesOnce(
          "--spring.datasource.url=jdbc:observability:postgresql://localhost:"
              + postgres.getPort()
              + "/postgres",
          "--spring.datasource.username=postgres",
          "--spring.flyway.locations=classpath:db/postgresql");
    }
  }

  @Test
  void flywayOnItsOwnObservedUrlMigratesWithoutNamingTheDriver() throws Exception {
    // Flyway connects by itself (spring.flyway.url), to the database the application then uses.
    try (ConfigurableApplicationContext context =
        SpringApplication.run(
            UsersApplication.class,
            "--server.port=0",
            "--spring.datasource.url=jdbc:h2:mem:flywayown;DB_CLOSE_DELAY=-1",
            "--spring.flyway.url=jdbc:observability:h2:mem:flywayown;DB_CLOSE_DELAY=-1",
            "--spring.flyway.user=sa")) {
      assertThat(context.getEnvironment().getProperty("spring.flyway.driver-class-name"))
          .isEqualTo(dev.observability.jdbc.ObservabilityDriver.class.getName());
      Observability observability = context.getBean(Observability.class);
      assertThat(
              observability
                  .meterRegistry()
                  .find("db.client.operation.duration")
                  .tag("db.operation.name", "CREATE")
                  .timers())
          .as("the migration's statements, measured by the driver")
          .isNotEmpty();
      assertThat(selectsOnUsers(observability)).isZero();
      context
          .getBean(org.springframework.jdbc.core.JdbcTemplate.class)
          .queryForList("SELECT name FROM users");
      assertThat(selectsOnUsers(observability)).isEqualTo(1);
    }
  }

  @Test
  void anApplicationsOwnChoiceOfExemplarsOnEveryMetricTypeIsKept() {
    try (ConfigurableApplicationContext context =
        SpringApplication.run(
            UsersApplication.class,
            "--server.port=0",
            "--spring.datasource.url=jdbc:h2:mem:exemplars;DB_CLOSE_DELAY=-1",
            "--management.prometheus.metrics.export.properties.io.prometheus.exporter.exemplarsOnAllMetricTypes=true")) {
      assertThat(
              context
                  .getBean(io.micrometer.prometheusmetrics.PrometheusConfig.class)
                  .prometheusProperties())
          .containsEntry("io.prometheus.exporter.exemplarsOnAllMetricTypes", "true");
    }
  }

  private static void observedUrlServesOnce(String... settings) throws Exception {
    String[] args = new String[settings.length + 1];
    args[0] = "--server.port=0";
    System.arraycopy(settings, 0, args, 1, settings.length);
    try (ConfigurableApplicationContext context =
        SpringApplication.run(UsersApplication.class, args)) {
      int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
      Observability observability = context.getBean(Observability.class);
      long before = selectsOnUsers(observability);
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://localhost:" + port + "/api/users/alice"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("alice@example.com");
      assertThat(selectsOnUsers(observability) - before)
          .as("one statement, counted once although both the driver and the DataSource observe")
          .isEqualTo(1);
    }
  }

  private static long selectsOnUsers(Observability observability) {
    return observability
        .meterRegistry()
        .find("db.client.operation.duration")
        .tag("db.operation.name", "SELECT")
        .tag("db.collection.name", "users")
        .timers()
        .stream()
        .mapToLong(Timer::count)
        .sum();
  }
}
