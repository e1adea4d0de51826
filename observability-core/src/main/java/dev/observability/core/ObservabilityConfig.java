package dev.observability.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The library's settings, read from (highest precedence first) values set on the builder, JVM
 * system properties, and environment variables. A key such as {@code
 * observability.jdbc.slow-query-threshold} is read from the system property of that name or the
 * environment variable {@code OBSERVABILITY_JDBC_SLOW_QUERY_THRESHOLD} (upper case, dots and dashes
 * as underscores).
 *
 * <p>Each module documents its own keys beside its entry point: {@code
 * dev.observability.jdbc.JdbcSettings}, {@code dev.observability.health.HealthSettings}.
 *
 * <p>Durations accept {@code 250ms}, {@code 2s}, {@code 1m}, {@code 1h}, ISO-8601 ({@code PT2S}) or
 * a plain number of milliseconds. OpenTelemetry's own settings ({@code OTEL_*}, {@code otel.*}) are
 * read by the OpenTelemetry SDK itself and are not repeated here.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #SERVICE_NAME}</td><td>{@code otel.service.name}, else
 *       {@code unknown_service:java}</td><td>service name on every signal</td></tr>
 *   <tr><td>{@value #SERVICE_VERSION}</td><td>the jar's implementation version, else
 *       {@code unknown}</td><td>{@code service.version}</td></tr>
 *   <tr><td>{@value #ENVIRONMENT}</td><td>none</td><td>{@code deployment.environment.name}</td></tr>
 *   <tr><td>{@value #SLOW_THRESHOLD}</td><td>{@code 1s}</td><td>default threshold of the timing
 *       helper's slow-operation WARN</td></tr>
 *   <tr><td>{@value #SHUTDOWN_TIMEOUT}</td><td>{@code 5s}</td><td>bound on flushing spans and
 *       metrics at shutdown</td></tr>
 *   <tr><td>{@value #SHUTDOWN_HOOK}</td><td>{@code true}</td><td>register a JVM shutdown
 *       hook</td></tr>
 *   <tr><td>{@value #JVM_METRICS}</td><td>{@code true}</td><td>bind Micrometer's JVM
 *       binders</td></tr>
 *   <tr><td>{@value #METRICS_OTLP}</td><td>{@code false}</td><td>also push metrics over OTLP
 *       (needs {@code micrometer-registry-otlp})</td></tr>
 * </table>
 */
public final class ObservabilityConfig {

  /** Service name. */
  public static final String SERVICE_NAME = "observability.service.name";

  /** Service version. */
  public static final String SERVICE_VERSION = "observability.service.version";

  /** Deployment environment, such as {@code production}. */
  public static final String ENVIRONMENT = "observability.environment";

  /** Threshold above which a timed operation logs a WARN. */
  public static final String SLOW_THRESHOLD = "observability.slow-threshold";

  /** The default of {@link #SLOW_THRESHOLD}. */
  public static final Duration DEFAULT_SLOW_THRESHOLD = Duration.ofSeconds(1);

  /** Bound on the time shutdown may take. */
  public static final String SHUTDOWN_TIMEOUT = "observability.shutdown.timeout";

  /** Whether to register a JVM shutdown hook. */
  public static final String SHUTDOWN_HOOK = "observability.shutdown-hook.enabled";

  /** Whether to bind the JVM metrics. */
  public static final String JVM_METRICS = "observability.metrics.jvm.enabled";

  /** Whether to push metrics over OTLP as well. */
  public static final String METRICS_OTLP = "observability.metrics.otlp.enabled";

  private final Map<String, String> explicit;
  private final Function<String, String> systemProperties;
  private final Function<String, String> environment;

  private ObservabilityConfig(
      Map<String, String> explicit,
      Function<String, String> systemProperties,
      Function<String, String> environment) {
    this.explicit = Map.copyOf(explicit);
    this.systemProperties = systemProperties;
    this.environment = environment;
  }

  /**
   * Returns the settings from system properties and environment variables only.
   *
   * @return the settings
   */
  public static ObservabilityConfig fromEnvironment() {
    return builder().build();
  }

  /**
   * Starts building settings.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the environment variable name for {@code key}.
   *
   * @param key a setting key
   * @return the variable name, e.g. {@code OBSERVABILITY_HEALTH_TIMEOUT}
   */
  public static String environmentVariable(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * Returns the raw value of {@code key}.
   *
   * @param key the setting key
   * @return the value, or {@code null} when unset or blank
   */
  public @Nullable String get(String key) {
    String value = explicit.get(key);
    if (value == null) {
      value = systemProperties.apply(key);
    }
    if (value == null) {
      value = environment.apply(environmentVariable(key));
    }
    return value == null || value.isBlank() ? null : value.trim();
  }

  /**
   * Returns the value of {@code key}, or {@code defaultValue} when unset.
   *
   * @param key the setting key
   * @param defaultValue the default
   * @return the value
   */
  public String get(String key, String defaultValue) {
    String value = get(key);
    return value == null ? defaultValue : value;
  }

  /**
   * Returns {@code key} as a duration.
   *
   * @param key the setting key
   * @param defaultValue the default
   * @return the duration
   * @throws IllegalArgumentException if the value is not a duration; names the key
   */
  public Duration getDuration(String key, Duration defaultValue) {
    String value = get(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      Duration parsed = parseDuration(value);
      if (parsed.isNegative()) {
        throw new IllegalArgumentException("negative");
      }
      return parsed;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Setting " + key + " must be a duration such as 500ms, 2s or PT2S, not '" + value + "'",
          e);
    }
  }

  /**
   * Returns {@code key} as a positive integer.
   *
   * @param key the setting key
   * @param defaultValue the default
   * @return the value
   * @throws IllegalArgumentException if the value is not a positive integer
   */
  public int getPositiveInt(String key, int defaultValue) {
    String value = get(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "Setting " + key + " must be a positive whole number, not '" + value + "'");
  }

  /**
   * Returns {@code key} as a boolean.
   *
   * @param key the setting key
   * @param defaultValue the default
   * @return the value
   * @throws IllegalArgumentException if the value is neither {@code true} nor {@code false}
   */
  public boolean getBoolean(String key, boolean defaultValue) {
    String value = get(key);
    if (value == null) {
      return defaultValue;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException(
        "Setting " + key + " must be true or false, not '" + value + "'");
  }

  static Duration parseDuration(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.startsWith("pt") || v.startsWith("p")) {
      try {
        return Duration.parse(value.trim());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    if (v.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
    }
    if (v.endsWith("s")) {
      return Duration.ofMillis(
          Math.round(Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 1000));
    }
    if (v.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1).trim()));
    }
    if (v.endsWith("h")) {
      return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1).trim()));
    }
    return Duration.ofMillis(Long.parseLong(v));
  }

  /** Builds {@link ObservabilityConfig}; values set here take precedence over the environment. */
  public static final class Builder {
    private final Map<String, String> explicit = new HashMap<>();
    private Function<String, String> systemProperties = System::getProperty;
    private Function<String, String> environment = System::getenv;

    private Builder() {}

    /**
     * Sets {@code key} to {@code value}, overriding system properties and environment.
     *
     * @param key the setting key
     * @param value the value
     * @return this builder
     */
    public Builder set(String key, String value) {
      explicit.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Replaces the source of environment variables; for tests.
     *
     * @param environment maps a variable name to its value
     * @return this builder
     */
    Builder environment(Function<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * Replaces the source of system properties; for tests.
     *
     * @param systemProperties maps a property name to its value
     * @return this builder
     */
    Builder systemProperties(Function<String, String> systemProperties) {
      this.systemProperties = Objects.requireNonNull(systemProperties, "systemProperties");
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return immutable settings
     */
    public ObservabilityConfig build() {
      return new ObservabilityConfig(explicit, systemProperties, environment);
    }
  }
}
