package dev.observability.jdbc.internal;

import dev.observability.core.ContainedFailures;
import dev.observability.core.Redaction;
import dev.observability.core.RequestContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

  /** The logger of slow-query reports. */
  public static final String SLOW_LOGGER = "dev.observability.jdbc.slow";
  /** The logger of N+1 reports. */
  public static final String N_PLUS_ONE_LOGGER = "dev.observability.jdbc.nplusone";

  private static final Logger SLOW = LoggerFactory.getLogger(SLOW_LOGGER);
  private static final Logger N_PLUS_ONE = LoggerFactory.getLogger(N_PLUS_ONE_LOGGER);
  private static final RequestContext.Key<RequestStatements> STATEMENTS = RequestContext.Key.named("jdbc.statements");

  private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
  private static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation.name");
  private static final AttributeKey<String> DB_COLLECTION = AttributeKey.stringKey("db.collection.name");
  private static final AttributeKey<String> DB_QUERY = AttributeKey.stringKey("db.query.text");
  private static final AttributeKey<Long> DB_BATCH_SIZE = AttributeKey.longKey("db.operation.batch.size");
  private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private static final Duration[] BUCKETS = {
    Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50),
    Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };
  private static final int MAX_COLLECTIONS = 100;

  /** Settings, fixed when the wrapper is built. */
  public record Settings(long slowThresholdNanos, int nPlusOneThreshold, boolean captureParameters,
      int sqlCacheSize) {}

  /** A unit of JDBC work to time. */
  @FunctionalInterface
  public interface SqlCall<T> {
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
  private final DatabaseUrl database;
  private final Settings settings;
  private final SqlCache sqlCache;
  private final Map<String, Boolean> collections = new ConcurrentHashMap<>();
  private final Counter nPlusOne;
  /** Per route; routes are bounded by the server integration's cap. Saves a registry lookup per request. */
  private final Map<String, DistributionSummary> operationsPerRequest = new ConcurrentHashMap<>();

  /**
   * Creates the instrumentation of one database.
   *
   * @param tracer the tracer
   * @param registry the meter registry
   * @param database what the URL says
   * @param settings thresholds and switches
   */
  public JdbcInstrumentation(Tracer tracer, MeterRegistry registry, DatabaseUrl database, Settings settings) {
    this.tracer = tracer;
    this.registry = registry;
    this.database = database;
    this.settings = settings;
    this.sqlCache = new SqlCache(settings.sqlCacheSize(), database.doubleQuotedStrings());
    // Registered at zero, and without the route (the log line names it), so that an alert on
    // increase() sees the very first suspicion.
    this.nPlusOne = Counter.builder("db.client.n_plus_one_suspected")
        .description("Statements that ran at least the N+1 threshold times within one request")
        .tag("db.system.name", database.system())
        .register(registry);
  }

  /**
   * Returns the analysed form of {@code sql}, cached.
   *
   * @param sql the statement
   * @return its info
   */
  public SqlInfo info(String sql) {
    return sqlCache.get(sql);
  }

  /** How many SQL texts have their analysis cached. */
  public int cachedSqlTexts() {
    return sqlCache.size();
  }

  /** Whether bound parameter values are kept for slow-query reports. */
  public boolean capturesParameters() {
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
  public <T> T execute(SqlInfo info, int batchSize, Parameters parameters, SqlCall<T> call) throws SQLException {
    Span span = startSpan(info, batchSize);
    long start = System.nanoTime();
    Throwable failure = null;
    // An untraced statement (no SDK, not sampled) leaves the context alone: nothing to parent.
    try (Scope ignored = span.getSpanContext().isValid() ? span.makeCurrent() : Scope.noop()) {
      return call.call();
    } catch (SQLException | RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      finish(info, batchSize, parameters, span, System.nanoTime() - start, failure);
    }
  }

  private Span startSpan(SqlInfo info, int batchSize) {
    try {
      SpanBuilder builder = tracer.spanBuilder(info.spanName())
          .setSpanKind(SpanKind.CLIENT)
          .setAttribute(DB_SYSTEM, database.system())
          .setAttribute(DB_OPERATION, info.operation())
          .setAttribute(DB_QUERY, info.sanitized());
      if (!info.collection().isEmpty()) {
        builder.setAttribute(DB_COLLECTION, info.collection());
      }
      if (database.host() != null) {
        builder.setAttribute(SERVER_ADDRESS, database.host());
      }
      if (database.port() > 0) {
        builder.setAttribute(SERVER_PORT, (long) database.port());
      }
      if (batchSize > 0) {
        builder.setAttribute(DB_BATCH_SIZE, (long) batchSize);
      }
      return builder.startSpan();
    } catch (RuntimeException e) {
      ContainedFailures.report("jdbc", e);
      return Span.getInvalid();
    }
  }

  private void finish(SqlInfo info, int batchSize, Parameters parameters, Span span, long nanos, Throwable failure) {
    try {
      String collection = boundedCollection(info.collection());
      if (failure == null) {
        Timer timer = info.successTimer;
        if (timer == null) {
          timer = timer(info, collection, "none");
          info.successTimer = timer;
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
      } else {
        String errorType = failure.getClass().getSimpleName();
        timer(info, collection, errorType).record(nanos, TimeUnit.NANOSECONDS);
        span.recordException(failure);
        span.setStatus(StatusCode.ERROR);
        span.setAttribute(ERROR_TYPE, failure.getClass().getName());
      }
      span.end();
      if (nanos > settings.slowThresholdNanos()) {
        slow(info, collection, nanos, batchSize, parameters);
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
    return Timer.builder("db.client.operation.duration")
        .description("Duration of database client operations")
        .tags(Tags.of(
            "db.system.name", database.system(),
            "db.operation.name", info.operation(),
            "db.collection.name", collection,
            "error.type", errorType))
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

  private void slow(SqlInfo info, String collection, long nanos, int batchSize, Parameters parameters) {
    Counter.builder("db.client.slow_operations")
        .description("Database operations slower than the slow-query threshold")
        .tags("db.system.name", database.system(), "db.operation.name", info.operation(),
            "db.collection.name", collection)
        .register(registry)
        .increment();
    var event = SLOW.atWarn()
        .addKeyValue("sql", info.sanitized())
        .addKeyValue("duration_ms", TimeUnit.NANOSECONDS.toMillis(nanos))
        .addKeyValue("threshold_ms", TimeUnit.NANOSECONDS.toMillis(settings.slowThresholdNanos()))
        .addKeyValue("db_system", database.system())
        .addKeyValue("operation", info.operation());
    if (batchSize > 0) {
      event = event.addKeyValue("batch_size", batchSize);
    }
    if (parameters != null && settings.captureParameters()) {
      event = event.addKeyValue("parameters", Redaction.forLog(parameters.toString()));
    }
    event.log("slow query");
  }

  private void countForRequest(RequestContext request, SqlInfo info, int batchSize) {
    RequestStatements statements = request.slot(STATEMENTS, () -> {
      RequestStatements created = new RequestStatements();
      request.onEnd(() -> endOfRequest(request, created));
      return created;
    });
    statements.total.incrementAndGet();
    if (batchSize == 0) {
      // Keyed by the sanitized text: the same statement with other literals is the same pattern.
      statements.perStatement.computeIfAbsent(info.sanitized(), k -> new AtomicInteger()).incrementAndGet();
    }
  }

  private void endOfRequest(RequestContext request, RequestStatements statements) {
    String route = request.route() == null ? "none" : request.route();
    operationsPerRequest.computeIfAbsent(route, r -> DistributionSummary.builder("db.client.operations_per_request")
            .description("Database operations per request")
            .tags("db.system.name", database.system(), "http.route", r)
            .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100)
            .register(registry))
        .record(statements.total.get());
    statements.perStatement.forEach((sql, count) -> {
      if (count.get() >= settings.nPlusOneThreshold()) {
        nPlusOne.increment();
        N_PLUS_ONE.atWarn()
            .addKeyValue("route", route)
            .addKeyValue("sql", sql)
            .addKeyValue("count", count.get())
            .addKeyValue("threshold", settings.nPlusOneThreshold())
            .log("n+1 suspected");
      }
    });
  }

  /** Per-request statement counts, kept in the request context. */
  private static final class RequestStatements {
    final AtomicInteger total = new AtomicInteger();
    final Map<String, AtomicInteger> perStatement = new ConcurrentHashMap<>();
  }
}
