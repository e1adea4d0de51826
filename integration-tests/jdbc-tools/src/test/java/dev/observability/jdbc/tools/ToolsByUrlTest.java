package dev.observability.jdbc.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.core.Observability;
import dev.observability.jdbc.ObservabilityDriver;
import io.micrometer.core.instrument.Timer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.UUID;
import liquibase.command.CommandScope;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flyway and Liquibase configured the way their users configure them, by URL, with the library's
 * prefix in front and no driver class named: each migrates through the library's driver, and the
 * statements are measured.
 */
class ToolsByUrlTest {

  private static EmbeddedPostgres postgres;
  private Observability observability;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @BeforeEach
  void install() {
    observability =
        Observability.builder()
            .registerShutdownHook(false)
            .set("observability.metrics.jvm.enabled", "false")
            .install();
  }

  @AfterEach
  void close() {
    observability.close();
  }

  /** A fresh database of the kind named, as a jdbc:observability: URL. */
  private static String observedUrl(String kind) throws Exception {
    String name = "t" + UUID.randomUUID().toString().replace("-", "");
    if (kind.equals("h2")) {
      return "jdbc:observability:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    }
    try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
      admin.createStatement().execute("CREATE DATABASE " + name);
    }
    return "jdbc:observability:postgresql://localhost:" + postgres.getPort() + "/" + name;
  }

  private long statements(String operation) {
    return observability
        .meterRegistry()
        .find("db.client.operation.duration")
        .tag("db.operation.name", operation)
        .timers()
        .stream()
        .mapToLong(Timer::count)
        .sum();
  }

  private static String user(String kind) {
    return kind.equals("h2") ? "sa" : "postgres";
  }

  @Test
  void theExpectedFlywayLineIsTheOneRunning() {
    String major = System.getProperty("expected.flyway.major");
    assertThat(Flyway.class.getProtectionDomain().getCodeSource().getLocation().getPath())
        .contains("flyway-core-" + major + ".");
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void flywayMigratesByUrl(String kind) throws Exception {
    String url = observedUrl(kind);
    MigrateResult result =
        Flyway.configure()
            .dataSource(url, user(kind), "")
            .locations("classpath:db/tools")
            .load()
            .migrate();
    assertThat(result.success).isTrue();
    assertThat(result.migrationsExecuted).isEqualTo(1);
    assertThat(statements("CREATE")).isPositive();
    assertThat(statements("INSERT")).isPositive();
    assertThat(rows(url, kind, "accounts")).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void flywayMigratesByUrlWithTheDriverNamed(String kind) throws Exception {
    String url = observedUrl(kind);
    MigrateResult result =
        Flyway.configure()
            .driver(ObservabilityDriver.class.getName())
            .dataSource(url, user(kind), "")
            .locations("classpath:db/tools")
            .load()
            .migrate();
    assertThat(result.success).isTrue();
    assertThat(rows(url, kind, "accounts")).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void liquibaseUpdatesByUrlWithoutADriverClass(String kind) throws Exception {
    String url = observedUrl(kind);
    new CommandScope("update")
        .addArgumentValue("url", url)
        .addArgumentValue("username", user(kind))
        .addArgumentValue("password", "")
        .addArgumentValue("changelogFile", "db/changelog.xml")
        .execute();
    assertThat(statements("CREATE")).isPositive();
    assertThat(rows(url, kind, "ledger")).isEqualTo(1);
  }

  private static int rows(String url, String kind, String table) throws Exception {
    try (Connection connection = DriverManager.getConnection(url, user(kind), "");
        ResultSet rows =
            connection.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
