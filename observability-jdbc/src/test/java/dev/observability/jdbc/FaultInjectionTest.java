package dev.observability.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.observability.core.Observability;
import dev.observability.core.spi.ContainedFailures;
import dev.observability.testing.Faults;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Our collaborators failing on the real H2 driver: the application's statements still run with the
 * results and exceptions they would have without us, no connection is left open, and the failure is
 * counted.
 */
class FaultInjectionTest {

  private static final String DATABASE = "jdbc:h2:mem:faults;DB_CLOSE_DELAY=-1";
  private Observability installed;

  @AfterEach
  void uninstall() {
    if (installed != null) {
      installed.close();
    }
  }

  private static DataSource h2() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(DATABASE);
    return dataSource;
  }

  /** Sessions open on the database, counted on a connection of its own (minus that one). */
  private static long openSessions() throws SQLException {
    try (Connection probe = DriverManager.getConnection(DATABASE);
        ResultSet rows =
            probe
                .createStatement()
                .executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
      rows.next();
      return rows.getLong(1) - 1;
    }
  }

  private static int onePlusOne(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 1 + 1")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  @Test
  void aRegistryThatThrowsOnMeterCreationFailsNeitherBuildNorTheStatement() throws Exception {
    long before = openSessions();
    long failures = ContainedFailures.count("jdbc") + ContainedFailures.count("jdbc-pool-metrics");
    try (Observability observability =
        Observability.builder()
            .registerShutdownHook(false)
            .meterRegistry(Faults.registryThrowingOnMetersNamed("db."))
            .build()) {
      DataSource observed = ObservableDataSource.builder(h2()).observability(observability).build();
      try (Connection connection = observed.getConnection()) {
        assertThat(onePlusOne(connection)).isEqualTo(2);
      }
    }
    assertThat(openSessions()).isEqualTo(before);
    assertThat(ContainedFailures.count("jdbc") + ContainedFailures.count("jdbc-pool-metrics"))
        .isGreaterThan(failures);
  }

  @Test
  void aConnectionWhoseMetadataThrowsIsHandedOutUnobservedAndNeverLeaks() throws Exception {
    DataSource real = h2();
    DataSource metadataFails =
        (DataSource)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  Object result = invoke(real, method, args);
                  return method.getName().equals("getConnection")
                      ? metadataFails((Connection) result)
                      : result;
                });
    long before = openSessions();
    try (Observability observability =
        Observability.builder().registerShutdownHook(false).build()) {
      DataSource observed =
          ObservableDataSource.builder(metadataFails).observability(observability).build();
      long failures = ContainedFailures.count("jdbc");
      try (Connection connection = observed.getConnection()) {
        assertThat(onePlusOne(connection)).isEqualTo(2);
      }
      assertThat(ContainedFailures.count("jdbc")).isGreaterThan(failures);
    }
    assertThat(openSessions()).isEqualTo(before);
  }

  private static Connection metadataFails(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            FaultInjectionTest.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getMetaData")) {
                throw new SQLException("metadata unavailable");
              }
              return invoke(connection, method, args);
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void aMalformedSettingOnTheDriverPathIsAnSqlExceptionNamingItAndOpensNothing() throws Exception {
    installed =
        Observability.builder()
            .registerShutdownHook(false)
            .set(JdbcSettings.SLOW_QUERY_THRESHOLD, "soon")
            .install();
    long before = openSessions();
    assertThatThrownBy(
            () -> DriverManager.getConnection("jdbc:observability:h2:mem:faults-malformed"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(JdbcSettings.SLOW_QUERY_THRESHOLD);
    assertThat(openSessions()).isEqualTo(before);
  }

  @Test
  void onTheDriverPathAThrowingRegistryLeavesTheConnectionWorkingAndClosable() throws Exception {
    installed =
        Observability.builder()
            .registerShutdownHook(false)
            .meterRegistry(Faults.registryThrowingOnMetersNamed("db."))
            .install();
    long before = openSessions();
    try (Connection connection =
        DriverManager.getConnection("jdbc:observability:h2:mem:faults;DB_CLOSE_DELAY=-1")) {
      assertThat(onePlusOne(connection)).isEqualTo(2);
    }
    assertThat(openSessions()).isEqualTo(before);
  }

  @Test
  void aContextThatCannotBeMadeCurrentNeverStopsTheStatement() throws Exception {
    Span span = mock(Span.class);
    when(span.getSpanContext())
        .thenReturn(
            SpanContext.create(
                "0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331",
                TraceFlags.getSampled(),
                TraceState.getDefault()));
    when(span.makeCurrent()).thenThrow(new IllegalStateException("context storage bug"));
    SpanBuilder builder = mock(SpanBuilder.class, RETURNS_SELF);
    when(builder.startSpan()).thenReturn(span);
    Tracer tracer = mock(Tracer.class);
    when(tracer.spanBuilder(anyString())).thenReturn(builder);
    TracerProvider provider = mock(TracerProvider.class);
    when(provider.get(anyString())).thenReturn(tracer);
    when(provider.get(anyString(), any())).thenReturn(tracer);
    when(provider.tracerBuilder(anyString())).thenCallRealMethod();
    OpenTelemetry faulty =
        new OpenTelemetry() {
          @Override
          public TracerProvider getTracerProvider() {
            return provider;
          }

          @Override
          public ContextPropagators getPropagators() {
            return ContextPropagators.noop();
          }
        };
    try (Observability observability =
        Observability.builder().registerShutdownHook(false).openTelemetry(faulty).build()) {
      DataSource observed = ObservableDataSource.builder(h2()).observability(observability).build();
      long failures = ContainedFailures.count("jdbc");
      try (Connection connection = observed.getConnection()) {
        assertThat(onePlusOne(connection)).isEqualTo(2);
        // A failing statement fails exactly as it does on the raw driver.
        SQLException raw = failureOf(h2().getConnection());
        SQLException ours = failureOf(connection);
        assertThat(ours.getClass()).isEqualTo(raw.getClass());
        assertThat(ours.getSQLState()).isEqualTo(raw.getSQLState());
        assertThat(ours.getErrorCode()).isEqualTo(raw.getErrorCode());
      }
      assertThat(ContainedFailures.count("jdbc")).isGreaterThan(failures);
    }
  }

  private static SQLException failureOf(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.executeQuery("SELECT * FROM NO_SUCH_TABLE");
      throw new AssertionError("the statement should have failed");
    } catch (SQLException e) {
      return e;
    } finally {
      if (!connection.isWrapperFor(dev.observability.jdbc.internal.ConnectionWrapper.class)) {
        connection.close();
      }
    }
  }
}
