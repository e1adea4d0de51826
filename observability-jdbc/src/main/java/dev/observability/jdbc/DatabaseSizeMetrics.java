package dev.observability.jdbc;

import dev.observability.core.Observability;
import dev.observability.core.spi.ContainedFailures;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The size of the database and of its largest tables as gauges, for PostgreSQL and H2: {@value
 * #METRIC_DATABASE_SIZE} (bytes) tagged {@code db.system.name} and {@code db.namespace}, and
 * {@value #METRIC_TABLE_SIZE} (bytes) tagged with those and {@code db.collection.name}.
 *
 * <pre>{@code
 * DatabaseSizeMetrics sizes = DatabaseSizeMetrics.builder(dataSource)
 *     .observability(observability)
 *     .largestTables(10)                 // or .tables(List.of("orders", "users"))
 *     .refreshEvery(Duration.ofMinutes(1))
 *     .start();
 * }</pre>
 *
 * <p>The sizes are read on a background thread of their own, at start and then every refresh
 * interval, never when metrics are scraped: a scrape must not wait for the database, and a database
 * that is down leaves the last sizes in place (the failure is contained and counted). Tables are
 * bounded: the largest N (default 10) or a fixed list; a table that leaves the set keeps its last
 * value until restart. PostgreSQL sizes come from {@code pg_database_size} and {@code
 * pg_total_relation_size} (tables with their indexes and TOAST), H2's from {@code DISK_SPACE_USED},
 * whose database size is the sum of its tables. Other databases get no gauges. {@link #close()}
 * stops the thread.
 */
public final class DatabaseSizeMetrics implements AutoCloseable {

  /** The database's size in bytes. */
  public static final String METRIC_DATABASE_SIZE = "db.client.database.size";

  /** A table's size in bytes. */
  public static final String METRIC_TABLE_SIZE = "db.client.table.size";

  private final DataSource dataSource;
  private final MeterRegistry registry;
  private final int largestTables;
  private final @Nullable List<String> tables;
  private final ScheduledExecutorService refresher;
  private final AtomicLong databaseSize = new AtomicLong(-1);
  private final Map<String, AtomicLong> tableSizes = new ConcurrentHashMap<>();
  private volatile @Nullable String system;
  private volatile @Nullable String namespace;
  private volatile boolean databaseGaugeRegistered;

  private DatabaseSizeMetrics(Builder builder) {
    this.dataSource = builder.dataSource;
    this.registry = builder.observability.meterRegistry();
    this.largestTables = builder.largestTables;
    this.tables = builder.tables;
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "observability-db-size");
              thread.setDaemon(true);
              return thread;
            });
    long seconds = builder.refresh.toSeconds();
    refresher.scheduleWithFixedDelay(this::refreshQuietly, 0, seconds, TimeUnit.SECONDS);
  }

  /**
   * Starts building the gauges of {@code dataSource}.
   *
   * @param dataSource the database to measure; an observed one is fine (the size queries are then
   *     measured statements too)
   * @return a builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * Reads the sizes now, on the calling thread; the background thread calls it on its schedule.
   *
   * @throws SQLException when the database cannot be read
   */
  public void refresh() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      if (system == null) {
        DatabaseMetaData meta = connection.getMetaData();
        system = systemOf(meta.getDatabaseProductName());
        namespace = connection.getCatalog() == null ? "" : connection.getCatalog();
      }
      Map<String, Long> sizes;
      long total;
      if ("postgresql".equals(system)) {
        sizes = postgresTables(connection);
        total = single(connection, "SELECT pg_database_size(current_database())");
      } else if ("h2database".equals(system)) {
        sizes = h2Tables(connection);
        total = sizes.values().stream().mapToLong(Long::longValue).sum();
      } else {
        return; // no portable way to ask
      }
      databaseSize.set(total);
      registerDatabaseGauge();
      sizes.forEach((table, size) -> tableSize(table).set(size));
    }
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (SQLException | RuntimeException e) {
      ContainedFailures.report("jdbc-database-size", e);
    }
  }

  private Map<String, Long> postgresTables(Connection connection) throws SQLException {
    String sql =
        "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg_toast%'"
            + (tables == null ? "" : " AND c.relname = ANY (?)")
            + " ORDER BY 2 DESC LIMIT ?";
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      int index = 1;
      if (tables != null) {
        query.setArray(index++, connection.createArrayOf("text", tables.toArray()));
      }
      query.setInt(index, tables == null ? largestTables : tables.size());
      return read(query);
    }
  }

  private Map<String, Long> h2Tables(Connection connection) throws SQLException {
    String sql =
        "SELECT TABLE_NAME, DISK_SPACE_USED('\"' || TABLE_SCHEMA || '\".\"' || TABLE_NAME || '\"')"
            + " FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA'"
            + " AND TABLE_TYPE = 'BASE TABLE' ORDER BY 2 DESC";
    Map<String, Long> all;
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      all = read(query);
    }
    Map<String, Long> chosen = new LinkedHashMap<>();
    for (Map.Entry<String, Long> table : all.entrySet()) {
      String name = table.getKey().toLowerCase(Locale.ROOT);
      boolean wanted = tables == null ? chosen.size() < largestTables : tables.contains(name);
      if (wanted) {
        chosen.put(name, table.getValue());
      }
    }
    return chosen;
  }

  private static Map<String, Long> read(PreparedStatement query) throws SQLException {
    Map<String, Long> sizes = new LinkedHashMap<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        sizes.put(rows.getString(1), rows.getLong(2));
      }
    }
    return sizes;
  }

  private static long single(Connection connection, String sql) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql);
        ResultSet rows = query.executeQuery()) {
      return rows.next() ? rows.getLong(1) : -1;
    }
  }

  private void registerDatabaseGauge() {
    if (!databaseGaugeRegistered) {
      Gauge.builder(METRIC_DATABASE_SIZE, databaseSize, AtomicLong::get)
          .tag("db.system.name", Objects.requireNonNull(system))
          .tag("db.namespace", Objects.requireNonNull(namespace))
          .baseUnit("bytes")
          .description("Size of the database")
          .register(registry);
      databaseGaugeRegistered = true;
    }
  }

  private AtomicLong tableSize(String table) {
    return tableSizes.computeIfAbsent(
        table,
        name -> {
          AtomicLong size = new AtomicLong();
          Gauge.builder(METRIC_TABLE_SIZE, size, AtomicLong::get)
              .tag("db.system.name", Objects.requireNonNull(system))
              .tag("db.namespace", Objects.requireNonNull(namespace))
              .tag("db.collection.name", name)
              .baseUnit("bytes")
              .description("Size of a table with its indexes")
              .register(registry);
          return size;
        });
  }

  private static String systemOf(String product) {
    String name = product.toLowerCase(Locale.ROOT);
    if (name.contains("postgres")) {
      return "postgresql";
    }
    if (name.contains("h2")) {
      return "h2database";
    }
    return name;
  }

  /** Stops the background refresh; the gauges keep their last values. */
  @Override
  public void close() {
    refresher.shutdownNow();
  }

  /** Builds {@link DatabaseSizeMetrics}. */
  public static final class Builder {
    private final DataSource dataSource;
    private Observability observability = Observability.global();
    private int largestTables = 10;
    private @Nullable List<String> tables;
    private Duration refresh = Duration.ofMinutes(1);

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Sets where the gauges go; by default the global instance.
     *
     * @param observability the instance
     * @return this builder
     */
    public Builder observability(Observability observability) {
      this.observability = Objects.requireNonNull(observability, "observability");
      return this;
    }

    /**
     * Measures the largest {@code count} tables (default 10).
     *
     * @param count how many, 1 to 100
     * @return this builder
     */
    public Builder largestTables(int count) {
      if (count < 1 || count > 100) {
        throw new IllegalArgumentException("largestTables must be 1 to 100, was " + count);
      }
      this.largestTables = count;
      this.tables = null;
      return this;
    }

    /**
     * Measures these tables instead of the largest ones.
     *
     * @param names table names, as the database stores them unquoted (lower case is matched
     *     case-insensitively on H2)
     * @return this builder
     */
    public Builder tables(List<String> names) {
      List<String> copy = List.copyOf(names);
      if (copy.isEmpty() || copy.size() > 100) {
        throw new IllegalArgumentException("tables must name 1 to 100 tables");
      }
      this.tables = copy.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
      return this;
    }

    /**
     * Sets how often the sizes are read (default 1 minute).
     *
     * @param interval at least 1 second
     * @return this builder
     */
    public Builder refreshEvery(Duration interval) {
      if (interval.toSeconds() < 1) {
        throw new IllegalArgumentException("refreshEvery must be at least 1 s, was " + interval);
      }
      this.refresh = interval;
      return this;
    }

    /**
     * Starts the background refresh and registers the gauges once the first read succeeds.
     *
     * @return the running metrics; close it to stop the thread
     */
    public DatabaseSizeMetrics start() {
      return new DatabaseSizeMetrics(this);
    }
  }
}
