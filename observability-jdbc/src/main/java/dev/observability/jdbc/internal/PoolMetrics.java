package dev.observability.jdbc.internal;

import dev.observability.core.spi.ContainedFailures;
import dev.observability.core.spi.ErrorTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Pool saturation under the design's names: {@code db.client.connection.count{state=idle|used}},
 * {@code db.client.connection.max} and {@code db.client.connection.pending_requests}, tagged {@code
 * db.client.connection.pool.name}. A HikariCP pool reports through Hikari's own metrics hook; any
 * other pool through the wrapper's own counts of connections in use and of threads waiting in
 * {@code getConnection()}. Failed attempts to get a connection count in {@code
 * db.client.connection.failures}, by pool and {@code error.type}.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class PoolMetrics {

  private static final String HIKARI = "com.zaxxer.hikari.HikariDataSource";
  private static final String POOL_NAME = "db.client.connection.pool.name";

  /** The counter of failed attempts to get a connection. */
  public static final String FAILURES = "db.client.connection.failures";

  private final AtomicInteger used = new AtomicInteger();
  private final AtomicInteger pending = new AtomicInteger();
  private volatile @Nullable MeterRegistry registry;
  // Hikari names an unnamed pool only when it starts: null until then.
  private volatile @Nullable String name;

  /** Counts a thread entering {@code getConnection()}. */
  public void acquiring() {
    pending.incrementAndGet();
  }

  /**
   * Counts a thread leaving {@code getConnection()}.
   *
   * @param gotOne whether it got a connection
   */
  public void acquired(boolean gotOne) {
    pending.decrementAndGet();
    if (gotOne) {
      used.incrementAndGet();
    }
  }

  /**
   * Counts a failed attempt to get a connection: the pool timed out, the server refused, the
   * credentials were wrong. Never throws.
   *
   * @param failure what {@code getConnection()} threw
   */
  public void failed(Throwable failure) {
    MeterRegistry meters = registry;
    if (meters == null) {
      return;
    }
    try {
      Counter.builder(FAILURES)
          .description("Attempts to get a database connection that failed")
          .tag(POOL_NAME, name != null ? name : "default")
          .tag("error.type", ErrorTypes.of(failure))
          .register(meters)
          .increment();
    } catch (RuntimeException | LinkageError e) {
      ContainedFailures.report("jdbc-pool-metrics", e);
    }
  }

  /** Counts a connection given back. */
  public void released() {
    used.decrementAndGet();
  }

  /**
   * Registers the gauges for {@code dataSource}.
   *
   * @param dataSource the pool, perhaps wrapped
   * @param poolName the name to tag with, or {@code null} to take the pool's own
   * @param registry the meter registry
   */
  public void register(DataSource dataSource, @Nullable String poolName, MeterRegistry registry) {
    this.registry = registry;
    this.name = poolName;
    try {
      if (hikariPresent() && dataSource.isWrapperFor(Class.forName(HIKARI))) {
        HikariSupport.register(dataSource, poolName, registry, this);
        return;
      }
    } catch (SQLException | ClassNotFoundException | RuntimeException | LinkageError e) {
      ContainedFailures.report("jdbc-pool-metrics", e);
    }
    String resolved = poolName == null ? "default" : poolName;
    this.name = resolved;
    gauge(registry, "db.client.connection.count", resolved, "used", used, AtomicInteger::get);
    gauge(
        registry,
        "db.client.connection.pending_requests",
        resolved,
        null,
        pending,
        AtomicInteger::get);
  }

  static <T> void gauge(
      MeterRegistry registry,
      String metric,
      String pool,
      String state,
      T source,
      ToDoubleFunction<T> value) {
    // Strong references: Hikari hands us its PoolStats and keeps no reference of its own, and a
    // gauge holds its source weakly by default, so the values would turn to NaN after a GC.
    Gauge.Builder<T> builder =
        Gauge.builder(metric, source, value).strongReference(true).tag(POOL_NAME, pool);
    if (state != null) {
      builder.tag("state", state);
    }
    builder.register(registry);
  }

  private static boolean hikariPresent() {
    try {
      Class.forName(HIKARI, false, PoolMetrics.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Loaded only when HikariCP is on the class path. */
  private static final class HikariSupport {
    static void register(
        DataSource dataSource, @Nullable String poolName, MeterRegistry registry, PoolMetrics owner)
        throws SQLException {
      com.zaxxer.hikari.HikariDataSource hikari =
          dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class);
      String name = poolName != null ? poolName : hikari.getPoolName();
      owner.name = name;
      // The application's own factory, set before the pool started, keeps receiving its events:
      // ours registers the gauges and hands the pool the application's tracker.
      com.zaxxer.hikari.metrics.MetricsTrackerFactory applications =
          hikari.getMetricsTrackerFactory();
      try {
        // Hikari's own hook hands us its PoolStats; we only choose the names.
        hikari.setMetricsTrackerFactory(
            (pool, stats) -> {
              // Hikari names an unnamed pool only when it starts it, just before this call.
              String resolved = name != null ? name : pool;
              owner.name = resolved;
              try {
                registerHikariGauges(registry, resolved, stats);
              } catch (RuntimeException | LinkageError e) {
                // Thrown inside the pool's start: it would fail the application's getConnection.
                ContainedFailures.report("jdbc-pool-metrics", e);
              }
              return applications != null
                  ? applications.create(pool, stats)
                  : new com.zaxxer.hikari.metrics.IMetricsTracker() {};
            });
      } catch (IllegalStateException alreadySet) {
        // The pool has started, or the application uses Hikari's own metric registry: read the
        // pool's MXBean instead.
        String started = name != null ? name : "default";
        owner.name = started;
        gauge(
            registry,
            "db.client.connection.count",
            started,
            "idle",
            hikari,
            h ->
                h.getHikariPoolMXBean() == null ? 0 : h.getHikariPoolMXBean().getIdleConnections());
        gauge(
            registry,
            "db.client.connection.count",
            started,
            "used",
            hikari,
            h ->
                h.getHikariPoolMXBean() == null
                    ? 0
                    : h.getHikariPoolMXBean().getActiveConnections());
        gauge(
            registry,
            "db.client.connection.max",
            started,
            null,
            hikari,
            h -> h.getMaximumPoolSize());
        gauge(
            registry,
            "db.client.connection.pending_requests",
            started,
            null,
            hikari,
            h ->
                h.getHikariPoolMXBean() == null
                    ? 0
                    : h.getHikariPoolMXBean().getThreadsAwaitingConnection());
      }
    }

    private static void registerHikariGauges(
        MeterRegistry registry, String name, com.zaxxer.hikari.metrics.PoolStats stats) {
      gauge(
          registry,
          "db.client.connection.count",
          name,
          "idle",
          stats,
          com.zaxxer.hikari.metrics.PoolStats::getIdleConnections);
      gauge(
          registry,
          "db.client.connection.count",
          name,
          "used",
          stats,
          com.zaxxer.hikari.metrics.PoolStats::getActiveConnections);
      gauge(
          registry,
          "db.client.connection.max",
          name,
          null,
          stats,
          com.zaxxer.hikari.metrics.PoolStats::getMaxConnections);
      gauge(
          registry,
          "db.client.connection.pending_requests",
          name,
          null,
          stats,
          com.zaxxer.hikari.metrics.PoolStats::getPendingThreads);
    }
  }
}
