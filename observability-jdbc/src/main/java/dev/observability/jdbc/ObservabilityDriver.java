package dev.observability.jdbc;

import dev.observability.core.Observability;
import dev.observability.core.ObservabilityConfig;
import dev.observability.core.spi.ContainedFailures;
import dev.observability.jdbc.internal.ConnectionWrapper;
import dev.observability.jdbc.internal.DatabaseUrl;
import dev.observability.jdbc.internal.JdbcInstrumentation;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * A JDBC driver that observes any other: prefix the real URL with {@code observability:} and the
 * service gets everything {@link ObservableDataSource} gives, without code.
 *
 * <pre>{@code
 * jdbc:observability:postgresql://db:5432/app
 * jdbc:observability:h2:mem:test
 * }</pre>
 *
 * <p>Registered through {@code META-INF/services/java.sql.Driver}; the real driver must be on the
 * class path too. Uses {@link Observability#global()} and the settings of {@link
 * ObservabilityConfig} ({@value JdbcSettings#SLOW_QUERY_THRESHOLD}, {@value
 * JdbcSettings#N_PLUS_ONE_THRESHOLD}, {@value JdbcSettings#CAPTURE_PARAMETERS}).
 */
public final class ObservabilityDriver implements Driver {

  /** The URL prefix this driver accepts. */
  public static final String URL_PREFIX = "jdbc:observability:";

  /**
   * Per real URL, the instrumentation and the global instance it reports to: made again when
   * another instance is installed, so connections opened after {@code install()} report to it.
   */
  private static final Map<String, Instrumented> INSTRUMENTATION = new ConcurrentHashMap<>();

  private record Instrumented(Observability observability, JdbcInstrumentation instrumentation) {}

  static {
    try {
      DriverManager.registerDriver(new ObservabilityDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Creates the driver; {@link DriverManager} does this through the service loader. */
  public ObservabilityDriver() {}

  /**
   * Returns the real URL behind an observed one.
   *
   * @param url a {@code jdbc:observability:} URL
   * @return the URL of the real driver
   */
  public static String realUrl(String url) {
    return "jdbc:" + url.substring(URL_PREFIX.length());
  }

  @Override
  public @Nullable Connection connect(String url, @Nullable Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null; // the contract: not ours, let DriverManager ask the next driver
    }
    String real = realUrl(url);
    // Before connecting: a malformed setting is the application's to fix, and must not cost it a
    // connection left open.
    JdbcInstrumentation instrumentation = instrumentation(real);
    Connection connection =
        DriverManager.getConnection(real, info == null ? new Properties() : info);
    if (instrumentation == null || connection.isWrapperFor(ConnectionWrapper.class)) {
      return connection;
    }
    return new ConnectionWrapper(connection, instrumentation, null);
  }

  /**
   * The instrumentation for {@code realUrl}, made once per global instance; {@code null} when
   * making it failed (the failure is contained, the connection then goes unobserved).
   *
   * @throws SQLException naming the setting, when an {@code observability.jdbc.*} setting is
   *     malformed
   */
  private static @Nullable JdbcInstrumentation instrumentation(String realUrl) throws SQLException {
    Observability observability = Observability.global();
    Instrumented cached = INSTRUMENTATION.get(realUrl);
    if (cached != null && cached.observability() == observability) {
      return cached.instrumentation();
    }
    JdbcInstrumentation.Settings settings;
    try {
      settings =
          JdbcSettings.resolve(
              observability.config(), null, 0, null, JdbcSettings.DEFAULT_SQL_CACHE_SIZE);
    } catch (IllegalArgumentException e) {
      throw new SQLNonTransientConnectionException("observability: " + e.getMessage(), "08001", e);
    }
    try {
      return INSTRUMENTATION
          .compute(
              realUrl,
              (url, previous) ->
                  previous != null && previous.observability() == observability
                      ? previous
                      : new Instrumented(
                          observability,
                          new JdbcInstrumentation(
                              observability.tracer(),
                              observability.meterRegistry(),
                              observability.redactor(),
                              DatabaseUrl.parse(url),
                              settings)))
          .instrumentation();
    } catch (RuntimeException | LinkageError e) {
      ContainedFailures.report("jdbc-driver", e);
      return null;
    }
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(URL_PREFIX);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return new DriverPropertyInfo[0];
    }
    String real = realUrl(url);
    return DriverManager.getDriver(real).getPropertyInfo(real, info);
  }

  @Override
  public int getMajorVersion() {
    return 0;
  }

  @Override
  public int getMinorVersion() {
    return 1;
  }

  @Override
  public boolean jdbcCompliant() {
    return false; // compliance is the real driver's
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no java.util.logging logger");
  }
}
