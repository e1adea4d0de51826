package dev.observability.spring.boot;

import dev.observability.health.ShowDetails;
import dev.observability.servlet.RequestObservabilityFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code observability.*} settings of a Spring Boot application, bound from {@code
 * application.properties} or YAML. Every setting is optional; values that cannot hold (a negative
 * duration, a malformed proxy block) stop the application at start with a message naming the
 * property.
 *
 * <p>Settings left unset fall back to the library's own sources: JVM system properties and
 * environment variables of the same name ({@code OBSERVABILITY_JDBC_SLOW_QUERY_THRESHOLD}), then
 * the library's defaults, as described in {@code dev.observability.core.ObservabilityConfig}.
 */
@ConfigurationProperties(prefix = "observability")
public class ObservabilityProperties {

  /** Whether the integration is on at all. */
  private boolean enabled = true;

  /** Deployment environment, such as production: deployment.environment.name. */
  private @Nullable String environment;

  /** Default threshold of the timing helper's slow-operation WARN (library default 1s). */
  private @Nullable Duration slowThreshold;

  private final Service service = new Service();
  private final Filter filter = new Filter();
  private final Metrics metrics = new Metrics();
  private final Jdbc jdbc = new Jdbc();
  private final Health health = new Health();

  /** Creates the settings with their defaults; Spring Boot binds the rest. */
  public ObservabilityProperties() {}

  /**
   * Returns whether the integration is on.
   *
   * @return {@code false} when switched off
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Switches the whole integration on or off.
   *
   * @param enabled {@code false} to switch it off
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Returns the deployment environment.
   *
   * @return the environment, or {@code null}
   */
  public @Nullable String getEnvironment() {
    return environment;
  }

  /**
   * Sets the deployment environment.
   *
   * @param environment such as {@code production}
   */
  public void setEnvironment(@Nullable String environment) {
    this.environment = environment;
  }

  /**
   * Returns the slow-operation threshold of the timing helper.
   *
   * @return the threshold, or {@code null} for the library default
   */
  public @Nullable Duration getSlowThreshold() {
    return slowThreshold;
  }

  /**
   * Sets the slow-operation threshold of the timing helper.
   *
   * @param slowThreshold a positive duration
   */
  public void setSlowThreshold(@Nullable Duration slowThreshold) {
    this.slowThreshold = positive(slowThreshold, "observability.slow-threshold");
  }

  /**
   * Returns the service identity settings.
   *
   * @return the service settings
   */
  public Service getService() {
    return service;
  }

  /**
   * Returns the request filter's settings.
   *
   * @return the filter settings
   */
  public Filter getFilter() {
    return filter;
  }

  /**
   * Returns the scrape endpoint's settings.
   *
   * @return the metrics settings
   */
  public Metrics getMetrics() {
    return metrics;
  }

  /**
   * Returns the DataSource observation settings.
   *
   * @return the JDBC settings
   */
  public Jdbc getJdbc() {
    return jdbc;
  }

  /**
   * Returns the health settings.
   *
   * @return the health settings
   */
  public Health getHealth() {
    return health;
  }

  /** The service identity on every signal. */
  public static class Service {

    /** Service name; defaults to spring.application.name, then otel.service.name. */
    private @Nullable String name;

    /** Service version; defaults to the application jar's implementation version. */
    private @Nullable String version;

    /** Creates the defaults. */
    public Service() {}

    /**
     * Returns the service name.
     *
     * @return the name, or {@code null}
     */
    public @Nullable String getName() {
      return name;
    }

    /**
     * Sets the service name.
     *
     * @param name the name
     */
    public void setName(@Nullable String name) {
      this.name = name;
    }

    /**
     * Returns the service version.
     *
     * @return the version, or {@code null}
     */
    public @Nullable String getVersion() {
      return version;
    }

    /**
     * Sets the service version.
     *
     * @param version the version
     */
    public void setVersion(@Nullable String version) {
      this.version = version;
    }
  }

  /** The request filter: request IDs, server spans, HTTP metrics, access log, error answers. */
  public static class Filter {

    /** Whether the request filter is registered. */
    private boolean enabled = true;

    /**
     * Route templates such as /api/tasks/{id}, tried before Spring MVC's matched pattern; needed
     * only for paths that no controller mapping explains.
     */
    private List<String> routes = new ArrayList<>();

    /** Paths without span or access log; each also covers the paths below it. */
    private List<String> skipPaths = new ArrayList<>(List.of("/health", "/metrics", "/actuator"));

    /** Proxies (CIDR blocks) whose X-Forwarded-For and Forwarded headers are believed. */
    private List<String> trustedProxies = new ArrayList<>();

    /** Cap on distinct routes that come from neither a template nor a controller mapping. */
    private int maxRoutes = 200;

    /** The request ID header. */
    private String requestIdHeader = RequestObservabilityFilter.DEFAULT_REQUEST_ID_HEADER;

    /**
     * Whether the filter answers exceptions the application did not handle with a safe body (status
     * text and request ID only) instead of leaving them to Spring Boot's error handling.
     */
    private boolean errorAnswers = true;

    /**
     * Whether Spring's own HTTP server observation (http.server.requests) stays on beside the
     * filter. Off by default, so that each request is timed and traced once.
     */
    private boolean springObservation = false;

    /** Creates the defaults. */
    public Filter() {}

    /**
     * Returns whether the filter is registered.
     *
     * @return whether the filter is on
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Switches the filter on or off.
     *
     * @param enabled {@code false} to leave it out
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * Returns the route templates.
     *
     * @return the templates
     */
    public List<String> getRoutes() {
      return routes;
    }

    /**
     * Sets the route templates.
     *
     * @param routes templates starting with {@code /}
     */
    public void setRoutes(List<String> routes) {
      for (String route : routes) {
        if (route == null || !route.startsWith("/")) {
          throw new IllegalArgumentException(
              "observability.filter.routes: a route template must start with '/': " + route);
        }
      }
      this.routes = new ArrayList<>(routes);
    }

    /**
     * Returns the skipped paths.
     *
     * @return the paths
     */
    public List<String> getSkipPaths() {
      return skipPaths;
    }

    /**
     * Sets the skipped paths.
     *
     * @param skipPaths the paths
     */
    public void setSkipPaths(List<String> skipPaths) {
      this.skipPaths = new ArrayList<>(skipPaths);
    }

    /**
     * Returns the trusted proxies.
     *
     * @return the CIDR blocks
     */
    public List<String> getTrustedProxies() {
      return trustedProxies;
    }

    /**
     * Sets the trusted proxies.
     *
     * @param trustedProxies CIDR blocks or single addresses
     */
    public void setTrustedProxies(List<String> trustedProxies) {
      try {
        RequestObservabilityFilter.builder().trustedProxies(trustedProxies.toArray(String[]::new));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "observability.filter.trusted-proxies: " + e.getMessage(), e);
      }
      this.trustedProxies = new ArrayList<>(trustedProxies);
    }

    /**
     * Returns the route cap.
     *
     * @return the cap
     */
    public int getMaxRoutes() {
      return maxRoutes;
    }

    /**
     * Sets the route cap.
     *
     * @param maxRoutes at least 1
     */
    public void setMaxRoutes(int maxRoutes) {
      if (maxRoutes < 1) {
        throw new IllegalArgumentException(
            "observability.filter.max-routes must be at least 1, was " + maxRoutes);
      }
      this.maxRoutes = maxRoutes;
    }

    /**
     * Returns the request ID header.
     *
     * @return the header name
     */
    public String getRequestIdHeader() {
      return requestIdHeader;
    }

    /**
     * Sets the request ID header.
     *
     * @param requestIdHeader a header name
     */
    public void setRequestIdHeader(String requestIdHeader) {
      if (requestIdHeader == null || requestIdHeader.isBlank()) {
        throw new IllegalArgumentException("observability.filter.request-id-header is blank");
      }
      this.requestIdHeader = requestIdHeader.trim();
    }

    /**
     * Returns whether the filter answers unhandled exceptions.
     *
     * @return whether it answers them
     */
    public boolean isErrorAnswers() {
      return errorAnswers;
    }

    /**
     * Sets whether the filter answers unhandled exceptions.
     *
     * @param errorAnswers {@code false} to leave them to Spring Boot
     */
    public void setErrorAnswers(boolean errorAnswers) {
      this.errorAnswers = errorAnswers;
    }

    /**
     * Returns whether Spring's HTTP server observation stays on.
     *
     * @return whether it stays on
     */
    public boolean isSpringObservation() {
      return springObservation;
    }

    /**
     * Sets whether Spring's HTTP server observation stays on.
     *
     * @param springObservation {@code true} to keep {@code http.server.requests}
     */
    public void setSpringObservation(boolean springObservation) {
      this.springObservation = springObservation;
    }
  }

  /** The Prometheus scrape endpoint on the application's port. */
  public static class Metrics {

    /** Whether the scrape endpoint is served (only when the Prometheus registry is present). */
    private boolean enabled = true;

    /** The scrape endpoint's path. */
    private String path = "/metrics";

    /** Whether metrics are also pushed over OTLP (needs micrometer-registry-otlp). */
    private boolean otlp = false;

    /** Creates the defaults. */
    public Metrics() {}

    /**
     * Returns whether the scrape endpoint is served.
     *
     * @return whether it is served
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Switches the scrape endpoint on or off.
     *
     * @param enabled {@code false} to leave it out
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * Returns the scrape path.
     *
     * @return the path
     */
    public String getPath() {
      return path;
    }

    /**
     * Sets the scrape path.
     *
     * @param path a path starting with {@code /}
     */
    public void setPath(String path) {
      this.path = absolutePath(path, "observability.metrics.path");
    }

    /**
     * Returns whether metrics are pushed over OTLP.
     *
     * @return whether they are
     */
    public boolean isOtlp() {
      return otlp;
    }

    /**
     * Sets whether metrics are pushed over OTLP when the library owns the registry.
     *
     * @param otlp {@code true} to push
     */
    public void setOtlp(boolean otlp) {
      this.otlp = otlp;
    }
  }

  /** Every DataSource bean observed: statement metrics and spans, slow queries, N+1, pool. */
  public static class Jdbc {

    /** Whether DataSource beans are observed. */
    private boolean enabled = true;

    /** Statements slower than this are logged with their sanitized SQL (library default 1s). */
    private @Nullable Duration slowQueryThreshold;

    /** Same statement this many times in one request is reported as N+1 (library default 10). */
    private @Nullable Integer nPlusOneThreshold;

    /** Whether bind parameters are recorded (redacted) in slow-query logs; off by default. */
    private @Nullable Boolean captureParameters;

    /** Creates the defaults. */
    public Jdbc() {}

    /**
     * Returns whether DataSource beans are observed.
     *
     * @return whether they are
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Switches the DataSource observation on or off.
     *
     * @param enabled {@code false} to leave DataSource beans as they are
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * Returns the slow-query threshold.
     *
     * @return the threshold, or {@code null} for the library default
     */
    public @Nullable Duration getSlowQueryThreshold() {
      return slowQueryThreshold;
    }

    /**
     * Sets the slow-query threshold.
     *
     * @param slowQueryThreshold a positive duration
     */
    public void setSlowQueryThreshold(@Nullable Duration slowQueryThreshold) {
      this.slowQueryThreshold =
          positive(slowQueryThreshold, "observability.jdbc.slow-query-threshold");
    }

    /**
     * Returns the N+1 threshold.
     *
     * @return the threshold, or {@code null} for the library default
     */
    public @Nullable Integer getNPlusOneThreshold() {
      return nPlusOneThreshold;
    }

    /**
     * Sets the N+1 threshold.
     *
     * @param nPlusOneThreshold at least 2
     */
    public void setNPlusOneThreshold(@Nullable Integer nPlusOneThreshold) {
      if (nPlusOneThreshold != null && nPlusOneThreshold < 2) {
        throw new IllegalArgumentException(
            "observability.jdbc.n-plus-one-threshold must be at least 2, was " + nPlusOneThreshold);
      }
      this.nPlusOneThreshold = nPlusOneThreshold;
    }

    /**
     * Returns whether bind parameters are captured.
     *
     * @return whether they are, or {@code null} for the library default
     */
    public @Nullable Boolean getCaptureParameters() {
      return captureParameters;
    }

    /**
     * Sets whether bind parameters are captured.
     *
     * @param captureParameters {@code true} to capture them (redacted)
     */
    public void setCaptureParameters(@Nullable Boolean captureParameters) {
      this.captureParameters = captureParameters;
    }
  }

  /**
   * Health checks: as Actuator health contributors when Actuator is present, otherwise served by
   * the library at {@code /health}, {@code /health/live} and {@code /health/ready}.
   */
  public static class Health {

    /** Whether the library's health checks and endpoints are set up. */
    private boolean enabled = true;

    /** The base path of the library's health endpoints (when Actuator is absent). */
    private String path = "/health";

    /** Bound on each check (library default 2s). */
    private @Nullable Duration timeout;

    /** How long a result is reused (library default 1s). */
    private @Nullable Duration cacheTtl;

    /** Who sees check details on the library's health endpoints. */
    private ShowDetails showDetails = ShowDetails.NEVER;

    /** Creates the defaults. */
    public Health() {}

    /**
     * Returns whether health is set up.
     *
     * @return whether it is
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Switches health on or off.
     *
     * @param enabled {@code false} to leave it out
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * Returns the base path.
     *
     * @return the path
     */
    public String getPath() {
      return path;
    }

    /**
     * Sets the base path.
     *
     * @param path a path starting with {@code /}
     */
    public void setPath(String path) {
      this.path = absolutePath(path, "observability.health.path");
    }

    /**
     * Returns the check timeout.
     *
     * @return the timeout, or {@code null} for the library default
     */
    public @Nullable Duration getTimeout() {
      return timeout;
    }

    /**
     * Sets the check timeout.
     *
     * @param timeout a positive duration
     */
    public void setTimeout(@Nullable Duration timeout) {
      this.timeout = positive(timeout, "observability.health.timeout");
    }

    /**
     * Returns the cache time.
     *
     * @return the time, or {@code null} for the library default
     */
    public @Nullable Duration getCacheTtl() {
      return cacheTtl;
    }

    /**
     * Sets the cache time.
     *
     * @param cacheTtl zero or positive
     */
    public void setCacheTtl(@Nullable Duration cacheTtl) {
      if (cacheTtl != null && cacheTtl.isNegative()) {
        throw new IllegalArgumentException(
            "observability.health.cache-ttl must not be negative, was " + cacheTtl);
      }
      this.cacheTtl = cacheTtl;
    }

    /**
     * Returns who sees details.
     *
     * @return the policy
     */
    public ShowDetails getShowDetails() {
      return showDetails;
    }

    /**
     * Sets who sees details; {@code when-authorized} needs a {@code HealthAuthorizer} bean.
     *
     * @param showDetails the policy
     */
    public void setShowDetails(ShowDetails showDetails) {
      this.showDetails = Objects.requireNonNull(showDetails, "showDetails");
    }
  }

  private static @Nullable Duration positive(@Nullable Duration duration, String property) {
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException(
          property + " must be a positive duration, was " + duration);
    }
    return duration;
  }

  private static String absolutePath(String path, String property) {
    if (path == null || !path.startsWith("/") || path.length() < 2) {
      throw new IllegalArgumentException(property + " must be a path below '/', was " + path);
    }
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
