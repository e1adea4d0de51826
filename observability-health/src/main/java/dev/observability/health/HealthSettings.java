package dev.observability.health;

import dev.observability.core.ObservabilityConfig;
import java.time.Duration;

/**
 * The health module's settings: their keys, read through {@link ObservabilityConfig} (system
 * property, or the environment variable in upper case with {@code _}), and their defaults. Values
 * set on {@link HealthRegistry.Builder} win.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #TIMEOUT}</td><td>{@code 2s}</td><td>a check still running after this is
 *       reported down with reason {@code timeout}</td></tr>
 *   <tr><td>{@value #CACHE_TTL}</td><td>{@code 1s}</td><td>how long a check's result is reused, so
 *       that probes do not stampede a dependency</td></tr>
 * </table>
 */
public final class HealthSettings {

  /** Timeout of a single health check. */
  public static final String TIMEOUT = "observability.health.timeout";

  /** How long a health check result is reused. */
  public static final String CACHE_TTL = "observability.health.cache-ttl";

  /** The default of {@link #TIMEOUT}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** The default of {@link #CACHE_TTL}. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(1);

  private HealthSettings() {}
}
