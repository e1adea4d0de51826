package dev.observability.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.observability.core.Observability;
import dev.observability.jdbc.internal.ConnectionWrapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DriverAndPoolTest {

  private Observability observability;

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

  private double operations(String operation) {
    return observability
        .meterRegistry()
        .find("db.client.operation.duration")
        .tag("db.operation.name", operation)
        .timers()
        .stream()
        .mapToLong(t -> t.count())
        .sum();
  }

  @Test
  void driverIsFoundThroughTheServiceLoaderAndObservesTheRealOne() throws SQLException {
    assertThat(Collections.list(DriverManager.getDrivers()))
        .anyMatch(d -> d instanceof ObservabilityDriver);
    Driver driver = DriverManager.getDriver("jdbc:observability:h2:mem:driver");
    assertThat(driver).isInstanceOf(ObservabilityDriver.class);
    assertThat(driver.acceptsURL("jdbc:h2:mem:x")).isFalse();
    try (Connection c =
            DriverManager.getConnection("jdbc:observability:h2:mem:driver;DB_CLOSE_DELAY=-1");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 42")) {
      assertThat(c).isInstanceOf(ConnectionWrapper.class);
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(42);
    }
    assertThat(operations("SELECT")).isEqualTo(1);
    assertThat(
            observability
                .meterRegistry()
                .get("db.client.operation.duration")
                .tag("db.system.name", "h2")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void flywayMigratesThroughTheObservedUrlUnchanged() {
    // As a service would configure it: a pool on the observed URL, Flyway on the pool.
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:observability:h2:mem:flyway;DB_CLOSE_DELAY=-1");
    config.setUsername("sa");
    try (HikariDataSource pool = new HikariDataSource(config)) {
      MigrateResult result = Flyway.configure().dataSource(pool).load().migrate();
      assertThat(result.success).isTrue();
      assertThat(result.migrationsExecuted).isEqualTo(3);
    }
    assertThat(operations("CREATE")).isGreaterThanOrEqualTo(3);
    assertThat(operations("INSERT")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void anApplicationsOwnHikariMetricsTrackerKeepsWorkingBesideOurs() throws SQLException {
    java.util.concurrent.atomic.AtomicInteger created =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger acquired =
        new java.util.concurrent.atomic.AtomicInteger();
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:hikari-tracker;DB_CLOSE_DELAY=-1");
    try (HikariDataSource hikari = new HikariDataSource()) { // not started until first use
      hikari.setDataSource(h2);
      hikari.setPoolName("tracked");
      hikari.setMaximumPoolSize(3);
      hikari.setMetricsTrackerFactory(
          (pool, stats) -> {
            created.incrementAndGet();
            return new com.zaxxer.hikari.metrics.IMetricsTracker() {
              @Override
              public void recordConnectionAcquiredNanos(long nanos) {
                acquired.incrementAndGet();
              }
            };
          });
      javax.sql.DataSource dataSource =
          ObservableDataSource.builder(hikari).observability(observability).build();
      try (Connection connection = dataSource.getConnection()) {
        connection.createStatement().execute("SELECT 1");
      }
      assertThat(created).as("the application's factory was asked").hasValue(1);
      assertThat(acquired).as("the application's tracker records").hasPositiveValue();
      assertThat(
              observability
                  .meterRegistry()
                  .get("db.client.connection.max")
                  .tag("db.client.connection.pool.name", "tracked")
                  .gauge()
                  .value())
          .isEqualTo(3);
    }
  }

  @Test
  void anUnnamedPoolNotYetStartedIsTaggedWithTheNameHikariGivesIt() throws SQLException {
    // As Spring Boot makes one: no pool name, not started until the first getConnection, which
    // must not fail on the metrics (it did: a null tag inside Hikari's start).
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:unnamed;DB_CLOSE_DELAY=-1");
    try (HikariDataSource hikari = new HikariDataSource()) {
      hikari.setDataSource(h2);
      hikari.setMaximumPoolSize(2);
      javax.sql.DataSource dataSource =
          ObservableDataSource.builder(hikari).observability(observability).build();
      try (Connection connection = dataSource.getConnection()) {
        connection.createStatement().execute("SELECT 1");
      }
      assertThat(hikari.getPoolName()).startsWith("HikariPool-");
      assertThat(
              observability
                  .meterRegistry()
                  .get("db.client.connection.max")
                  .tag("db.client.connection.pool.name", hikari.getPoolName())
                  .gauge()
                  .value())
          .isEqualTo(2);
    }
  }

  @Test
  void hikariPoolReportsThroughItsOwnHookUnderOurNames() throws SQLException {
    HikariConfig config = new HikariConfig();
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:hikari;DB_CLOSE_DELAY=-1");
    config.setDataSource(h2);
    config.setPoolName("main");
    config.setMaximumPoolSize(4);
    try (HikariDataSource hikari = new HikariDataSource(config)) {
      javax.sql.DataSource dataSource =
          ObservableDataSource.builder(hikari).observability(observability).build();
      MeterRegistry meters = observability.meterRegistry();
      try (Connection held = dataSource.getConnection()) {
        held.createStatement().execute("SELECT 1");
        System.gc(); // the gauges must survive a collection
        RequiredSearch used =
            meters
                .get("db.client.connection.count")
                .tag("db.client.connection.pool.name", "main")
                .tag("state", "used");
        assertThat(used.gauge().value()).isEqualTo(1);
        assertThat(
                meters
                    .get("db.client.connection.max")
                    .tag("db.client.connection.pool.name", "main")
                    .gauge()
                    .value())
            .isEqualTo(4);
        assertThat(meters.get("db.client.connection.count").tag("state", "idle").gauge().value())
            .isGreaterThanOrEqualTo(0);
        assertThat(meters.get("db.client.connection.pending_requests").gauge().value()).isZero();
      }
    }
  }

  @Test
  void otherPoolsReportTheWrappersOwnCounts() throws SQLException {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:plain;DB_CLOSE_DELAY=-1");
    javax.sql.DataSource dataSource =
        ObservableDataSource.builder(h2).observability(observability).poolName("plain").build();
    MeterRegistry meters = observability.meterRegistry();
    RequiredSearch used =
        meters.get("db.client.connection.count").tag("db.client.connection.pool.name", "plain");
    try (Connection a = dataSource.getConnection();
        Connection b = dataSource.getConnection()) {
      assertThat(used.gauge().value()).isEqualTo(2);
    }
    assertThat(used.gauge().value()).isZero();
    assertThat(
            meters
                .get("db.client.connection.pending_requests")
                .tag("db.client.connection.pool.name", "plain")
                .gauge()
                .value())
        .isZero();
  }

  @Test
  void aPoolThatTimesOutCountsAConnectionFailure() throws SQLException {
    HikariConfig config = new HikariConfig();
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:exhausted;DB_CLOSE_DELAY=-1");
    config.setDataSource(h2);
    config.setPoolName("small");
    config.setMaximumPoolSize(1);
    config.setConnectionTimeout(250);
    try (HikariDataSource hikari = new HikariDataSource(config)) {
      javax.sql.DataSource dataSource =
          ObservableDataSource.builder(hikari).observability(observability).build();
      try (Connection held = dataSource.getConnection()) {
        assertThatThrownBy(dataSource::getConnection)
            .isInstanceOf(java.sql.SQLTransientConnectionException.class);
      }
      assertThat(
              observability
                  .meterRegistry()
                  .get(ObservableDataSource.METRIC_CONNECTION_FAILURES)
                  .tag("db.client.connection.pool.name", "small")
                  .tag("error.type", "java.sql.SQLTransientConnectionException")
                  .counter()
                  .count())
          .isEqualTo(1);
      // The thread that failed is no longer waiting, and no connection was counted as taken.
      assertThat(
              observability
                  .meterRegistry()
                  .get("db.client.connection.pending_requests")
                  .tag("db.client.connection.pool.name", "small")
                  .gauge()
                  .value())
          .isZero();
    }
  }

  @Test
  void refusedCredentialsCountAConnectionFailureAndReachTheCallerUnchanged() throws SQLException {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:guarded;DB_CLOSE_DELAY=-1");
    h2.setUser("owner");
    h2.setPassword("right");
    try (Connection keepsTheDatabase = h2.getConnection()) {
      javax.sql.DataSource dataSource =
          ObservableDataSource.builder(h2).observability(observability).poolName("plain").build();
      assertThatThrownBy(() -> dataSource.getConnection("owner", "wrong"))
          .isInstanceOf(SQLException.class)
          .satisfies(
              e ->
                  assertThat(
                          observability
                              .meterRegistry()
                              .get(ObservableDataSource.METRIC_CONNECTION_FAILURES)
                              .tag("db.client.connection.pool.name", "plain")
                              .tag("error.type", e.getClass().getName())
                              .counter()
                              .count())
                      .isEqualTo(1));
      try (Connection fine = dataSource.getConnection()) {
        assertThat(fine.isValid(1)).isTrue();
      }
      assertThat(
              observability
                  .meterRegistry()
                  .get(ObservableDataSource.METRIC_CONNECTION_FAILURES)
                  .counters())
          .hasSize(1);
    }
  }
}
