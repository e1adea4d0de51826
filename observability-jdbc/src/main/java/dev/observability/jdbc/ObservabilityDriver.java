package dev.observability.jdbc;

import dev.observability.core.Observability;
import dev.observability.core.ObservabilityConfig;
import dev.observability.jdbc.internal.ConnectionWrapper;
import dev.observability.jdbc.internal.DatabaseUrl;
import dev.observability.jdbc.internal.JdbcInstrumentation;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

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

  private static final Map<String, JdbcInstrumentation> INSTRUMENTATION = new ConcurrentHashMap<>();

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
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null; // the contract: not ours, let DriverManager ask the next driver
    }
    String real = realUrl(url);
    Connection connection =
        DriverManager.getConnection(real, info == null ? new Properties() : info);
    if (connection.isWrapperFor(ConnectionWrapper.class)) {
      return connection;
    }
    return new ConnectionWrapper(
        connection,
        INSTRUMENTATION.computeIfAbsent(real, ObservabilityDriver::instrumentation),
        null);
  }

  private static JdbcInstrumentation instrumentation(String realUrl) {
    Observability observability = Observability.global();
    JdbcInstrumentation.Settings settings =
        JdbcSettings.resolve(
            observability.config(), null, 0, null, JdbcSettings.DEFAULT_SQL_CACHE_SIZE);
    return new JdbcInstrumentation(
        observability.tracer(),
        observability.meterRegistry(),
        observability.redactor(),
        DatabaseUrl.parse(realUrl),
        settings);
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
