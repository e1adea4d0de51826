package dev.observability.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Database and table sizes on H2 and a real PostgreSQL, bounded and read off the scrape path. */
class DatabaseSizeMetricsTest {

  private final JdbcTesting testing = new JdbcTesting();

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir;

  @AfterEach
  void close() {
    testing.close();
  }

  private static void fill(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (id INT PRIMARY KEY, note VARCHAR(2000))");
      s.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(200))");
      s.execute("CREATE TABLE tags (id INT PRIMARY KEY)");
      for (int i = 0; i < 2_000; i++) {
        s.execute("INSERT INTO orders VALUES (" + i + ", '" + "x".repeat(500) + "')");
      }
      for (int i = 0; i < 50; i++) {
        s.execute("INSERT INTO users VALUES (" + i + ", 'user " + i + "')");
      }
    }
  }

  private Set<String> measuredTables() {
    return testing.meters.find(DatabaseSizeMetrics.METRIC_TABLE_SIZE).gauges().stream()
        .map(g -> g.getId().getTag("db.collection.name"))
        .collect(Collectors.toSet());
  }

  private double tableSize(String table) {
    return testing
        .meters
        .get(DatabaseSizeMetrics.METRIC_TABLE_SIZE)
        .tag("db.collection.name", table)
        .gauge()
        .value();
  }

  @Test
  void h2TheLargestTablesAndTheirSum() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:file:" + dir.resolve("sizes")); // an in-memory H2 reports no disk space
    fill(h2);
    try (DatabaseSizeMetrics sizes =
        DatabaseSizeMetrics.builder(h2)
            .observability(testing.observability)
            .largestTables(2)
            .refreshEvery(Duration.ofHours(1))
            .start()) {
      sizes.refresh();

      assertThat(measuredTables()).containsExactlyInAnyOrder("orders", "users");
      assertThat(tableSize("orders")).isGreaterThan(tableSize("users"));
      Gauge database = testing.meters.get(DatabaseSizeMetrics.METRIC_DATABASE_SIZE).gauge();
      assertThat(database.getId().getTag("db.system.name")).isEqualTo("h2database");
      assertThat(database.value()).isGreaterThanOrEqualTo(tableSize("orders") + tableSize("users"));
    }
  }

  @Test
  void postgresqlANamedTableListAndTheDatabaseSize() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
      DataSource database = postgres.getPostgresDatabase();
      fill(database);
      try (DatabaseSizeMetrics sizes =
          DatabaseSizeMetrics.builder(database)
              .observability(testing.observability)
              .tables(List.of("users", "tags"))
              .refreshEvery(Duration.ofHours(1))
              .start()) {
        sizes.refresh();

        assertThat(measuredTables()).containsExactlyInAnyOrder("users", "tags");
        assertThat(tableSize("users")).isPositive();
        Gauge size = testing.meters.get(DatabaseSizeMetrics.METRIC_DATABASE_SIZE).gauge();
        assertThat(size.getId().getTag("db.system.name")).isEqualTo("postgresql");
        assertThat(size.getId().getTag("db.namespace")).isEqualTo("postgres");
        assertThat(size.value()).isGreaterThan(1_000_000); // a fresh PostgreSQL database is ~7 MB
      }
    }
  }

  @Test
  void aDatabaseThatIsDownLeavesTheLastSizesAndIsContained() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:file:" + dir.resolve("gone"));
    fill(h2);
    try (DatabaseSizeMetrics sizes =
        DatabaseSizeMetrics.builder(h2)
            .observability(testing.observability)
            .refreshEvery(Duration.ofHours(1))
            .start()) {
      sizes.refresh();
      double before = tableSize("orders");
      assertThat(before).isPositive();
      h2.setURL("jdbc:h2:file:" + dir.resolve("nowhere") + ";IFEXISTS=TRUE");
      org.assertj.core.api.Assertions.assertThatThrownBy(sizes::refresh)
          .isInstanceOf(SQLException.class);
      assertThat(tableSize("orders")).isEqualTo(before);
    }
  }
}
