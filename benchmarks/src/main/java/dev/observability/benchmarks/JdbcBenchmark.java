package dev.observability.benchmarks;

import com.p6spy.engine.spy.P6DataSource;
import dev.observability.core.Observability;
import dev.observability.jdbc.ObservableDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JDBC statement cycle (prepare, bind, execute, read, close) on one open connection to an
 * in-memory H2, raw (the floor) and through each wrapper, all with metrics and tracing on where the
 * wrapper has them. {@code statement=large} runs a 10 KB statement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class JdbcBenchmark {

  @Param({"raw", "observability", "datasource-proxy", "p6spy", "otel-jdbc"})
  public String wrapper;

  @Param({"small", "large"})
  public String statement;

  private Observability observability;
  private DataSource dataSource;
  private Connection connection;
  private String sql;
  private int id;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
    try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS items (id INT PRIMARY KEY, name VARCHAR(50))");
      s.execute("MERGE INTO items KEY (id) VALUES (1, 'one'), (2, 'two')");
    }
    OpenTelemetry otel = Benchmarks.sdkWithBatchProcessor();
    observability = Observability.builder().registerShutdownHook(false)
        .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).openTelemetry(otel).build();
    dataSource = switch (wrapper) {
      case "raw" -> h2;
      case "observability" -> ObservableDataSource.builder(h2).observability(observability)
          .slowQueryThreshold(Duration.ofSeconds(10)).build();
      case "datasource-proxy" -> ProxyDataSourceBuilder.create(h2).name("bench").countQuery().build();
      case "p6spy" -> new P6DataSource(h2);
      case "otel-jdbc" -> JdbcTelemetry.create(otel).wrap(h2);
      default -> throw new IllegalArgumentException(wrapper);
    };
    connection = dataSource.getConnection();
    StringBuilder text = new StringBuilder("SELECT name FROM items WHERE id = ?");
    if (statement.equals("large")) {
      while (text.length() < 10_000) {
        text.append(" AND name <> 'filler value number ").append(text.length()).append('\'');
      }
    }
    sql = text.toString();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    connection.close();
    observability.close();
  }

  @Benchmark
  public String statementCycle() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setInt(1, (id++ & 1) + 1);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  @Benchmark
  public boolean connectionCycle() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return c.getAutoCommit();
    }
  }
}
