package dev.observability.jdbc;

import dev.observability.core.Observability;
import dev.observability.core.spi.ContainedFailures;
import dev.observability.jdbc.internal.ConnectionWrapper;
import dev.observability.jdbc.internal.DatabaseUrl;
import dev.observability.jdbc.internal.JdbcInstrumentation;
import dev.observability.jdbc.internal.PoolMetrics;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps any JDBC {@link DataSource} so that every statement is timed, traced and, when slow,
 * reported with its SQL sanitized; statements per request are counted and N+1 patterns reported;
 * pool saturation is published.
 *
 * <p>Per statement: the histogram {@code db.client.operation.duration} (seconds) with {@code
 * db.system.name}, {@code db.operation.name}, {@code db.collection.name} and {@code error.type}; a
 * CLIENT span with the semantic-convention attributes and {@code db.query.text} sanitized; above
 * the slow threshold (default 1 s) one WARN {@code slow query} on {@code
 * dev.observability.jdbc.slow} with {@code sql}, {@code duration_ms}, {@code threshold_ms} and the
 * request's MDC, and the counter {@code db.client.slow_operations}. Bound parameter values are
 * never logged unless {@link Builder#captureParameters(boolean)} is on, and then only redacted.
 * Batches are measured once per {@code executeBatch} with their size.
 *
 * <p>Per request (when a {@code RequestContext} is current, as the servlet filter makes it): the
 * histogram {@code db.client.operations_per_request}, and when one statement ran at least {@link
 * Builder#nPlusOneThreshold(int)} times (default 10), one WARN {@code n+1 suspected} on {@code
 * dev.observability.jdbc.nplusone} with route, statement and count, when the request ends.
 *
 * <pre>{@code
 * DataSource dataSource = ObservableDataSource.builder(hikari)
 *     .slowQueryThreshold(Duration.ofMillis(500))
 *     .build();
 * }</pre>
 *
 * <p>Never wraps twice: wrapping a wrapper, or a pool whose connections already come from the
 * {@code jdbc:observability:} driver, measures each statement once. {@code unwrap} reaches the real
 * objects; statements, result sets and metadata lead back to the wrappers. Exceptions pass through
 * unchanged. Pools: a HikariCP pool reports through Hikari's own metrics hook; any other pool
 * through the wrapper's counts of connections in use and threads waiting.
 */
public final class ObservableDataSource implements DataSource {

  /** The logger of slow-query reports. */
  public static final String SLOW_QUERY_LOGGER = "dev.observability.jdbc.slow";

  /** The logger of N+1 reports. */
  public static final String N_PLUS_ONE_LOGGER = "dev.observability.jdbc.nplusone";

  /** The statement duration histogram (seconds). */
  public static final String METRIC_OPERATION_DURATION = "db.client.operation.duration";

  /** The counter of statements slower than the threshold. */
  public static final String METRIC_SLOW_OPERATIONS = "db.client.slow_operations";

  /** The histogram of statements per request. */
  public static final String METRIC_OPERATIONS_PER_REQUEST = "db.client.operations_per_request";

  /** The counter of N+1 suspicions. */
  public static final String METRIC_N_PLUS_ONE_SUSPECTED = "db.client.n_plus_one_suspected";

  /**
   * The counter of failed attempts to get a connection through this data source, by {@code
   * db.client.connection.pool.name} and {@code error.type} (the exception's class): a pool timing
   * out, a server refusing, wrong credentials.
   */
  public static final String METRIC_CONNECTION_FAILURES = PoolMetrics.FAILURES;

  private final DataSource delegate;
  private final Observability observability;
  private final JdbcInstrumentation.Settings settings;
  private final PoolMetrics pool = new PoolMetrics();
  private volatile JdbcInstrumentation instrumentation;

  private ObservableDataSource(Builder builder) {
    this.delegate = builder.delegate;
    this.observability =
        builder.observability != null ? builder.observability : Observability.global();
    this.settings =
        JdbcSettings.resolve(
            observability.config(),
            builder.slowQueryThreshold,
            builder.nPlusOneThreshold,
            builder.captureParameters,
            builder.sqlCacheSize);
    try {
      pool.register(delegate, builder.poolName, observability.meterRegistry());
    } catch (RuntimeException | LinkageError e) {
      ContainedFailures.report("jdbc-pool-metrics", e); // the data source works without them
    }
  }

  /**
   * Wraps {@code dataSource} with the settings from the environment.
   *
   * @param dataSource the data source or pool
   * @return the observed data source; {@code dataSource} itself if it already is one
   */
  public static DataSource wrap(DataSource dataSource) {
    if (dataSource instanceof ObservableDataSource) {
      return dataSource;
    }
    return builder(dataSource).build();
  }

  /**
   * Starts building a wrapper.
   *
   * @param dataSource the data source or pool
   * @return a new builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  @Override
  public Connection getConnection() throws SQLException {
    pool.acquiring();
    Connection connection = null;
    try {
      connection = delegate.getConnection();
    } catch (SQLException | RuntimeException e) {
      pool.failed(e);
      throw e;
    } finally {
      pool.acquired(connection != null);
    }
    return observe(connection);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    pool.acquiring();
    Connection connection = null;
    try {
      connection = delegate.getConnection(username, password);
    } catch (SQLException | RuntimeException e) {
      pool.failed(e);
      throw e;
    } finally {
      pool.acquired(connection != null);
    }
    return observe(connection);
  }

  private Connection observe(Connection connection) throws SQLException {
    if (connection.isWrapperFor(ConnectionWrapper.class)) {
      pool.released(); // measured below us already: count it there, not twice
      return connection;
    }
    JdbcInstrumentation observed;
    try {
      observed = instrumentation(connection);
    } catch (SQLException | RuntimeException | LinkageError e) {
      // Reading the metadata or registering meters failed: the application gets its connection
      // unobserved rather than an exception, and the connection is never left open behind it.
      ContainedFailures.report("jdbc", e);
      pool.released();
      return connection;
    }
    return new ConnectionWrapper(connection, observed, pool::released);
  }

  private JdbcInstrumentation instrumentation(Connection connection) throws SQLException {
    JdbcInstrumentation current = instrumentation;
    if (current == null) {
      synchronized (this) {
        current = instrumentation;
        if (current == null) {
          current =
              new JdbcInstrumentation(
                  observability.tracer(),
                  observability.meterRegistry(),
                  observability.redactor(),
                  DatabaseUrl.parse(connection.getMetaData().getURL()),
                  settings);
          instrumentation = current;
        }
      }
    }
    return current;
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || delegate.isWrapperFor(iface);
  }

  @Override
  public String toString() {
    return "ObservableDataSource{" + delegate + '}';
  }

  /** Builds an {@link ObservableDataSource}. */
  public static final class Builder {
    private final DataSource delegate;
    private Observability observability;
    private String poolName;
    private Duration slowQueryThreshold;
    private int nPlusOneThreshold;
    private Boolean captureParameters;
    private int sqlCacheSize = JdbcSettings.DEFAULT_SQL_CACHE_SIZE;

    private Builder(DataSource delegate) {
      this.delegate = Objects.requireNonNull(delegate, "dataSource");
    }

    /**
     * Uses {@code observability} instead of {@link Observability#global()}.
     *
     * @param observability the instance
     * @return this builder
     */
    public Builder observability(Observability observability) {
      this.observability = Objects.requireNonNull(observability, "observability");
      return this;
    }

    /**
     * Sets the pool name on the pool metrics (default: HikariCP's pool name, else {@code default}).
     *
     * @param poolName the name
     * @return this builder
     */
    public Builder poolName(String poolName) {
      this.poolName = Objects.requireNonNull(poolName, "poolName");
      return this;
    }

    /**
     * Sets the slow-query threshold (default {@value JdbcSettings#SLOW_QUERY_THRESHOLD}, 1 s).
     *
     * @param threshold the threshold
     * @return this builder
     */
    public Builder slowQueryThreshold(Duration threshold) {
      Objects.requireNonNull(threshold, "threshold");
      if (threshold.isNegative()) {
        throw new IllegalArgumentException("threshold must not be negative");
      }
      this.slowQueryThreshold = threshold;
      return this;
    }

    /**
     * Sets how often one statement must run in one request to be reported as N+1 (default 10).
     *
     * @param threshold the count
     * @return this builder
     */
    public Builder nPlusOneThreshold(int threshold) {
      if (threshold < 2) {
        throw new IllegalArgumentException("N+1 threshold must be at least 2: " + threshold);
      }
      this.nPlusOneThreshold = threshold;
      return this;
    }

    /**
     * Includes bound parameter values, redacted, in slow-query reports (default off).
     *
     * @param capture whether to capture
     * @return this builder
     */
    public Builder captureParameters(boolean capture) {
      this.captureParameters = capture;
      return this;
    }

    /**
     * Sets how many distinct SQL texts keep their sanitized form cached (default 1000).
     *
     * @param size the bound
     * @return this builder
     */
    public Builder sqlCacheSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("cache size must be positive: " + size);
      }
      this.sqlCacheSize = size;
      return this;
    }

    /**
     * Builds the wrapper.
     *
     * @return the observed data source
     */
    public ObservableDataSource build() {
      if (delegate instanceof ObservableDataSource) {
        throw new IllegalArgumentException(
            "already observed; use ObservableDataSource.wrap, which returns it as is");
      }
      return new ObservableDataSource(this);
    }
  }
}
