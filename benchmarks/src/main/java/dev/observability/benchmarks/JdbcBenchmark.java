package dev.observability.benchmarks;

import com.p6spy.engine.spy.P6DataSource;
import dev.observability.benchmarks.jdbc.StubDataSource;
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
 * The JDBC statement cycle (prepare, bind, execute, read, close) on one open connection, raw (the
 * floor) and through each wrapper, all with metrics and tracing on where the wrapper has them;
 * {@code observability-untraced} is ours with tracing off (metrics, slow-query and N+1 detection
 * only), the like-for-like peer of datasource-proxy and p6spy, which do not trace. {@code
 * database=h2} is an in-memory H2; {@code database=stub} is a driver that does no work ({@link
 * StubDataSource}), so nearly all of its time is the wrapper's. {@code statement=large} runs a 10
 * KB statement. The connection cycle is {@link JdbcConnectionBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class JdbcBenchmark {

  @Param({
    "raw",
    "observability",
    "observability-untraced",
    "datasource-proxy",
    "p6spy",
    "otel-jdbc"
  })
  public String wrapper;

  @Param({"h2", "stub"})
  public String database;

  @Param({"small", "large"})
  public String statement;

  private Observability observability;
  private DataSource dataSource;
  private Connection connection;
  private String sql;
  private int id;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    OpenTelemetry otel =
        wrapper.endsWith("-untraced") ? OpenTelemetry.noop() : Benchmarks.sdkSampled();
    observability =
        Observability.builder()
            .registerShutdownHook(false)
            .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
            .openTelemetry(otel)
            .build();
    dataSource = wrap(wrapper, database(database), observability, otel);
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

  /** The database of the run: an in-memory H2 with two rows, or the stub driver. */
  static DataSource database(String database) throws SQLException {
    if (database.equals("stub")) {
      return new StubDataSource();
    }
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
    try (Connection c = h2.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS items (id INT PRIMARY KEY, name VARCHAR(50))");
      s.execute("MERGE INTO items KEY (id) VALUES (1, 'one'), (2, 'two')");
    }
    return h2;
  }

  /** {@code database} raw or through one of the wrappers, each with its usual set-up. */
  static DataSource wrap(
      String wrapper, DataSource database, Observability observability, OpenTelemetry otel) {
    return switch (wrapper) {
      case "raw" -> database;
      case "observability", "observability-untraced" ->
          ObservableDataSource.builder(database)
              .observability(observability)
              .slowQueryThreshold(Duration.ofSeconds(10))
              .build();
      case "datasource-proxy" ->
          ProxyDataSourceBuilder.create(database).name("bench").countQuery().build();
      case "p6spy" -> new P6DataSource(database);
      case "otel-jdbc" -> JdbcTelemetry.create(otel).wrap(database);
      default -> throw new IllegalArgumentException(wrapper);
    };
  }
}
