package dev.observability.jdbc.internal;

import dev.observability.core.Redactor;
import dev.observability.core.RequestContext;
import dev.observability.core.spi.ContainedFailures;
import dev.observability.core.spi.ErrorTypes;
import dev.observability.core.spi.RequestLifecycle;
import dev.observability.core.spi.SpanExceptions;
import dev.observability.core.spi.SpanScopes;
import dev.observability.jdbc.ObservableDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interception logic of the JDBC wrappers, kept apart from the delegation plumbing: per
 * statement a CLIENT span, the {@code db.client.operation.duration} timer, the slow-query report,
 * and per request the statement count and N+1 detection.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class JdbcInstrumentation {

  private static final Logger SLOW =
      LoggerFactory.getLogger(ObservableDataSource.SLOW_QUERY_LOGGER);
  private static final Logger N_PLUS_ONE =
      LoggerFactory.getLogger(ObservableDataSource.N_PLUS_ONE_LOGGER);
  private static final RequestLifecycle.Key<RequestStatements> STATEMENTS =
      RequestLifecycle.Key.named("jdbc.statements");

  private static final Duration[] BUCKETS = {
    Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50),
    Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };
  private static final int MAX_COLLECTIONS = 100;

  /** Settings, fixed when the wrapper is built. */
  public record Settings(
      long slowThresholdNanos,
      int nPlusOneThreshold,
      boolean captureParameters,
      int sqlCacheSize) {}

  /** A unit of JDBC work to time. */
  @FunctionalInterface
  interface SqlCall<T> {
    /**
     * Runs the work.
     *
     * @return its result
     * @throws SQLException unchanged
     */
    T call() throws SQLException;
  }

  private final Tracer tracer;
  private final MeterRegistry registry;
  private final Redactor redactor;
  private final DatabaseUrl database;
  private final Settings settings;
  private final SqlCache sqlCache;
  private final Map<String, Boolean> collections = new ConcurrentHashMap<>();
  private final Counter nPlusOne;

  /**
   * Per route; routes are bounded by the server integration's cap. Saves a registry lookup per
   * request.
   */
  private final Map<String, DistributionSummary> operationsPerRequest = new ConcurrentHashMap<>();

  /**
   * Creates the instrumentation of one database.
   *
   * @param tracer the tracer
   * @param registry the meter registry
   * @param redactor masks captured parameter values
   * @param database what the URL says
   * @param settings thresholds and switches
   */
  public JdbcInstrumentation(
      Tracer tracer,
      MeterRegistry registry,
      Redactor redactor,
      DatabaseUrl database,
      Settings settings) {
    this.tracer = tracer;
    this.redactor = redactor;
    this.registry = registry;
    this.database = database;
    this.settings = settings;
    this.sqlCache = new SqlCache(settings.sqlCacheSize(), database.doubleQuotedStrings());
    // Registered at zero, and without the route (the log line names it), so that an alert on
    // increase() sees the very first suspicion.
    this.nPlusOne =
        Counter.builder(ObservableDataSource.METRIC_N_PLUS_ONE_SUSPECTED)
            .description("Statements that ran at least the N+1 threshold times within one request")
            .tag(DbAttributeKeys.DB_SYSTEM_NAME.getKey(), database.system())
            .register(registry);
  }

  /**
   * Returns the analysed form of {@code sql}, cached.
   *
   * @param sql the statement
   * @return its info
   */
  SqlInfo info(String sql) {
    return sqlCache.get(sql);
  }

  /** How many SQL texts have their analysis cached. */
  int cachedSqlTexts() {
    return sqlCache.size();
  }

  /** Whether bound parameter values are kept for slow-query reports. */
  boolean capturesParameters() {
    return settings.captureParameters();
  }

  /**
   * Runs {@code call} as one measured statement execution. Exceptions pass through unchanged;
   * failures of the measuring itself are contained.
   *
   * @param info the statement
   * @param batchSize the batch size, or 0 for a single execution
   * @param parameters the captured parameter values, or {@code null}
   * @param call the work
   * @param <T> the result type
   * @return the result
   * @throws SQLException what the driver threw, unchanged
   */
  <T> T execute(SqlInfo info, int batchSize, @Nullable Parameters parameters, SqlCall<T> call)
      throws SQLException {
    Span span = startSpan(info, batchSize);
    long start = System.nanoTime();
    Throwable failure = null;
    Scope scope = enter(span);
    try {
      return call.call();
    } catch (SQLException | RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      exit(scope);
      finish(info, batchSize, parameters, span, System.nanoTime() - start, failure);
    }
  }

  /**
   * Makes the statement's span current. An untraced statement (no SDK, not sampled) leaves the
   * context alone: nothing to parent. A context storage that throws must not stop the statement.
   */
  private static Scope enter(Span span) {
    if (!span.getSpanContext().isValid()) {
      return Scope.noop();
    }
    try {
      return SpanScopes.makeCurrent(span);
    } catch (RuntimeException e) {
      ContainedFailures.report("jdbc", e);
      return Scope.noop();
    }
  }

  private static void exit(Scope scope) {
    try {
      scope.close();
    } catch (RuntimeException e) {
      ContainedFailures.report("jdbc", e);
    }
  }

  private Span startSpan(SqlInfo info, int batchSize) {
    try {
      SpanBuilder builder =
          tracer
              .spanBuilder(info.spanName())
              .setSpanKind(SpanKind.CLIENT)
              .setAttribute(DbAttributeKeys.DB_SYSTEM_NAME, database.system())
              .setAttribute(DbAttributeKeys.DB_OPERATION_NAME, info.operation())
              .setAttribute(DbAttributeKeys.DB_QUERY_TEXT, info.sanitized());
      if (!info.collection().isEmpty()) {
        builder.setAttribute(DbAttributeKeys.DB_COLLECTION_NAME, info.collection());
      }
      if (database.host() != null) {
        builder.setAttribute(ServerAttributes.SERVER_ADDRESS, database.host());
      }
      if (database.port() > 0) {
        builder.setAttribute(ServerAttributes.SERVER_PORT, (long) database.port());
      }
      if (batchSize > 0) {
        builder.setAttribute(DbAttributeKeys.DB_OPERATION_BATCH_SIZE, (long) batchSize);
      }
      return builder.startSpan();
    } catch (RuntimeException e) {
      ContainedFailures.report("jdbc", e);
      return Span.getInvalid();
    }
  }

  private void finish(
      SqlInfo info,
      int batchSize,
      Parameters parameters,
      Span span,
      long nanos,
      Throwable failure) {
    try {
      String collection = boundedCollection(info.collection());
      if (failure == null) {
        Timer timer = info.successTimer;
        if (timer == null) {
          timer = timer(info, collection, ErrorTypes.NONE);
          info.successTimer = timer;
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
      } else {
        String errorType = ErrorTypes.of(failure);
        timer(info, collection, errorType).record(nanos, TimeUnit.NANOSECONDS);
        SpanExceptions.record(span, failure, redactor);
        span.setStatus(StatusCode.ERROR);
        span.setAttribute(ErrorAttributes.ERROR_TYPE, errorType);
      }
      span.end();
      if (nanos > settings.slowThresholdNanos()) {
        try (Scope statement = SpanScopes.inLogs(span)) { // the report names the statement's span
          slow(info, collection, nanos, batchSize, parameters);
        }
      }
      RequestContext request = RequestContext.current();
      if (request != null) {
        countForRequest(request, info, batchSize);
      }
    } catch (RuntimeException e) {
      ContainedFailures.report("jdbc", e);
    }
  }

  private Timer timer(SqlInfo info, String collection, String errorType) {
    return Timer.builder(ObservableDataSource.METRIC_OPERATION_DURATION)
        .description("Duration of database client operations")
        .tags(
            Tags.of(
                DbAttributeKeys.DB_SYSTEM_NAME.getKey(),
                database.system(),
                DbAttributeKeys.DB_OPERATION_NAME.getKey(),
                info.operation(),
                DbAttributeKeys.DB_COLLECTION_NAME.getKey(),
                collection,
                ErrorAttributes.ERROR_TYPE.getKey(),
                errorType))
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  /** Table names are bounded by the schema, but dynamic tables (partitions) must not explode. */
  private String boundedCollection(String collection) {
    if (collection.isEmpty() || collections.containsKey(collection)) {
      return collection;
    }
    if (collections.size() >= MAX_COLLECTIONS) {
      return "other";
    }
    collections.put(collection, Boolean.TRUE);
    return collection;
  }

  private void slow(
      SqlInfo info, String collection, long nanos, int batchSize, Parameters parameters) {
    Counter.builder(ObservableDataSource.METRIC_SLOW_OPERATIONS)
        .description("Database operations slower than the slow-query threshold")
        .tags(
            DbAttributeKeys.DB_SYSTEM_NAME.getKey(),
            database.system(),
            DbAttributeKeys.DB_OPERATION_NAME.getKey(),
            info.operation(),
            DbAttributeKeys.DB_COLLECTION_NAME.getKey(),
            collection)
        .register(registry)
        .increment();
    var event =
        SLOW.atWarn()
            .addKeyValue("sql", info.sanitized())
            .addKeyValue("duration_ms", TimeUnit.NANOSECONDS.toMillis(nanos))
            .addKeyValue(
                "threshold_ms", TimeUnit.NANOSECONDS.toMillis(settings.slowThresholdNanos()))
            .addKeyValue("db_system", database.system())
            .addKeyValue("operation", info.operation());
    if (batchSize > 0) {
      event = event.addKeyValue("batch_size", batchSize);
    }
    if (parameters != null && settings.captureParameters()) {
      event = event.addKeyValue("parameters", redactor.forLog(parameters.toString()));
    }
    event.log("slow query");
  }

  private void countForRequest(RequestContext context, SqlInfo info, int batchSize) {
    RequestLifecycle request = RequestLifecycle.of(context);
    RequestStatements statements =
        request.slot(
            STATEMENTS,
            () -> {
              RequestStatements created = new RequestStatements();
              request.onEnd(() -> endOfRequest(context, created));
              return created;
            });
    statements.count(batchSize == 0 ? info.sanitized() : null);
  }

  private void endOfRequest(RequestContext request, RequestStatements statements) {
    String route = request.route() == null ? "none" : request.route();
    operationsPerRequest
        .computeIfAbsent(
            route,
            r ->
                DistributionSummary.builder(ObservableDataSource.METRIC_OPERATIONS_PER_REQUEST)
                    .description("Database operations per request")
                    .tags(
                        DbAttributeKeys.DB_SYSTEM_NAME.getKey(),
                        database.system(),
                        HttpAttributes.HTTP_ROUTE.getKey(),
                        r)
                    .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100)
                    .register(registry))
        .record(statements.total());
    statements.forEachRepeated(
        settings.nPlusOneThreshold(),
        (sql, count) -> {
          nPlusOne.increment();
          N_PLUS_ONE
              .atWarn()
              .addKeyValue("route", route)
              .addKeyValue("sql", sql)
              .addKeyValue("count", count)
              .addKeyValue("threshold", settings.nPlusOneThreshold())
              .log("n+1 suspected");
        });
  }

  /**
   * Per-request statement counts, kept in the request context. A request runs a handful of distinct
   * statements, so they sit in two small arrays searched in order (the sanitized text of a
   * statement is one cached instance, so the search is mostly by identity); a map per request, as
   * before, cost more to create and walk than the statements took to count. Past {@value
   * #INDEXED_FROM} distinct statements an index keeps the count linear. Statements of one request
   * may run on several threads, hence the lock.
   */
  static final class RequestStatements {
    private static final int INDEXED_FROM = 32;
    private int total;
    private int distinct;
    private String[] statements = new String[4];
    private int[] counts = new int[4];
    private Map<String, Integer> index;

    /**
     * Counts one statement; {@code sanitized} is its pattern (the same statement with other
     * literals is the same pattern), or null for a batch, which counts toward the total only.
     */
    synchronized void count(String sanitized) {
      total++;
      if (sanitized == null) {
        return;
      }
      int at = indexOf(sanitized);
      if (at >= 0) {
        counts[at]++;
        return;
      }
      if (distinct == statements.length) {
        statements = java.util.Arrays.copyOf(statements, distinct * 2);
        counts = java.util.Arrays.copyOf(counts, distinct * 2);
      }
      statements[distinct] = sanitized;
      counts[distinct] = 1;
      if (index != null) {
        index.put(sanitized, distinct);
      } else if (distinct + 1 == INDEXED_FROM) {
        index = new java.util.HashMap<>();
        for (int i = 0; i <= distinct; i++) {
          index.put(statements[i], i);
        }
      }
      distinct++;
    }

    private int indexOf(String sanitized) {
      if (index != null) {
        Integer at = index.get(sanitized);
        return at == null ? -1 : at;
      }
      for (int i = 0; i < distinct; i++) {
        if (statements[i].equals(sanitized)) { // the cached instance: equals' identity check
          return i;
        }
      }
      return -1;
    }

    synchronized int total() {
      return total;
    }

    /** Calls {@code action} with each statement run at least {@code threshold} times. */
    synchronized void forEachRepeated(
        int threshold, java.util.function.ObjIntConsumer<String> action) {
      for (int i = 0; i < distinct; i++) {
        if (counts[i] >= threshold) {
          action.accept(statements[i], counts[i]);
        }
      }
    }
  }
}
