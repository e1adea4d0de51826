package dev.observability.benchmarks;

import dev.observability.core.Observability;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
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
 * The JDBC connection cycle (get a connection, ask it one thing, close it) from an unpooled data
 * source, raw and through each wrapper, on H2 and on the stub driver; the same set-up as {@link
 * JdbcBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class JdbcConnectionBenchmark {

  @Param({"raw", "observability", "datasource-proxy", "p6spy", "otel-jdbc"})
  public String wrapper;

  @Param({"h2", "stub"})
  public String database;

  private Observability observability;
  private DataSource dataSource;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    OpenTelemetry otel = Benchmarks.sdkSampled();
    observability =
        Observability.builder()
            .registerShutdownHook(false)
            .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
            .openTelemetry(otel)
            .build();
    dataSource = JdbcBenchmark.wrap(wrapper, JdbcBenchmark.database(database), observability, otel);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    observability.close();
  }

  @Benchmark
  public boolean connectionCycle() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return c.getAutoCommit();
    }
  }
}
