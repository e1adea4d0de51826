package dev.observability.jdbc;

import dev.observability.core.ObservabilityConfig;
import dev.observability.jdbc.internal.JdbcInstrumentation;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The JDBC module's settings: their keys, read through {@link ObservabilityConfig} (system
 * property, or the environment variable in upper case with {@code _}), and their defaults. Values
 * set on {@link ObservableDataSource.Builder} win; the {@code jdbc:observability:} driver reads
 * these alone.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #SLOW_QUERY_THRESHOLD}</td><td>{@code 1s}</td><td>a statement slower than
 *       this logs a WARN {@code slow query}</td></tr>
 *   <tr><td>{@value #N_PLUS_ONE_THRESHOLD}</td><td>{@code 10}</td><td>executions of one statement
 *       in one request that count as an N+1 pattern</td></tr>
 *   <tr><td>{@value #CAPTURE_PARAMETERS}</td><td>{@code false}</td><td>include bound parameter
 *       values, redacted, in slow-query reports</td></tr>
 * </table>
 */
public final class JdbcSettings {

  /** Threshold above which a statement is reported as a slow query. */
  public static final String SLOW_QUERY_THRESHOLD = "observability.jdbc.slow-query-threshold";

  /** Executions of one statement in one request that count as an N+1 pattern. */
  public static final String N_PLUS_ONE_THRESHOLD = "observability.jdbc.n-plus-one-threshold";

  /** Whether slow-query reports include bound parameter values (redacted). */
  public static final String CAPTURE_PARAMETERS = "observability.jdbc.capture-parameters";

  /** The default of {@link #SLOW_QUERY_THRESHOLD}. */
  public static final Duration DEFAULT_SLOW_QUERY_THRESHOLD = Duration.ofSeconds(1);

  /** The default of {@link #N_PLUS_ONE_THRESHOLD}. */
  public static final int DEFAULT_N_PLUS_ONE_THRESHOLD = 10;

  /** How many distinct SQL texts keep their analysis cached, per database. */
  static final int DEFAULT_SQL_CACHE_SIZE = 1000;

  private JdbcSettings() {}

  /**
   * Resolves the settings: a builder's values first, then {@code config}, then the defaults.
   *
   * @throws IllegalArgumentException naming the setting when a configured value is malformed
   */
  static JdbcInstrumentation.Settings resolve(
      ObservabilityConfig config,
      @Nullable Duration slowQueryThreshold,
      int nPlusOneThreshold,
      @Nullable Boolean captureParameters,
      int sqlCacheSize) {
    Duration slow =
        slowQueryThreshold != null
            ? slowQueryThreshold
            : config.getDuration(SLOW_QUERY_THRESHOLD, DEFAULT_SLOW_QUERY_THRESHOLD);
    int nPlusOne =
        nPlusOneThreshold > 0
            ? nPlusOneThreshold
            : config.getPositiveInt(N_PLUS_ONE_THRESHOLD, DEFAULT_N_PLUS_ONE_THRESHOLD);
    boolean capture =
        captureParameters != null
            ? captureParameters
            : config.getBoolean(CAPTURE_PARAMETERS, false);
    return new JdbcInstrumentation.Settings(slow.toNanos(), nPlusOne, capture, sqlCacheSize);
  }
}
