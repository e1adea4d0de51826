package dev.observability.health;

import dev.observability.core.spi.JsonWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The result of evaluating a group of checks, rendered as the JSON body of the health endpoints:
 *
 * <pre>{@code
 * {"status":"healthy|degraded|unhealthy","timestamp":"…","version":"…",
 *  "checks":{"database":{"status":"up|down|degraded","duration_ms":3}},"errors":[]}
 * }</pre>
 *
 * <p>{@code unhealthy} when a critical check is down; {@code degraded} when a non-critical check is
 * down or any check is degraded; else {@code healthy}.
 */
public final class HealthReport {

  /** The overall status of a group. */
  public enum Status {
    /** Every check up. */
    HEALTHY,
    /** Serving, impaired. */
    DEGRADED,
    /** A critical check failed. */
    UNHEALTHY;

    /** The lower-case name used in JSON bodies. */
    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The result of one check within a report.
   *
   * @param name the check's name
   * @param health the result
   * @param durationMillis how long it took, or how long the caller waited before giving up
   * @param critical whether the check is critical
   * @param lastChange when the check's status last changed, or {@code null}
   */
  public record Check(
      String name,
      Health health,
      long durationMillis,
      boolean critical,
      @Nullable Instant lastChange) {}

  private final Status status;
  private final Instant timestamp;
  private final String version;
  private final List<Check> checks;

  HealthReport(Instant timestamp, String version, List<Check> checks) {
    this.timestamp = timestamp;
    this.version = version;
    this.checks = List.copyOf(checks);
    Status overall = Status.HEALTHY;
    for (Check check : checks) {
      Health.Status s = check.health().status();
      if (s == Health.Status.DOWN && check.critical()) {
        overall = Status.UNHEALTHY;
        break;
      }
      if (s != Health.Status.UP) {
        overall = Status.DEGRADED;
      }
    }
    this.status = overall;
  }

  /**
   * Returns the overall status.
   *
   * @return the status
   */
  public Status status() {
    return status;
  }

  /**
   * Returns the HTTP status to answer with: 200 when healthy or degraded, 503 when unhealthy.
   *
   * @return the HTTP status
   */
  public int httpStatus() {
    return status == Status.UNHEALTHY ? 503 : 200;
  }

  /**
   * Returns the checks, in registration order.
   *
   * @return the checks
   */
  public List<Check> checks() {
    return checks;
  }

  /**
   * Returns when the report was made.
   *
   * @return the time
   */
  public Instant timestamp() {
    return timestamp;
  }

  /**
   * Returns the service version.
   *
   * @return the version
   */
  public String version() {
    return version;
  }

  /**
   * Renders the JSON body.
   *
   * @param details whether to include messages and details (never for anonymous callers)
   * @return the JSON text
   */
  public String toJson(boolean details) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status.json());
    body.put("timestamp", timestamp.toString());
    body.put("version", version);
    Map<String, Object> checkBodies = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    for (Check check : checks) {
      Health health = check.health();
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("status", health.status().json());
      c.put("duration_ms", check.durationMillis());
      if (health.reason() != null) {
        c.put("reason", health.reason());
      }
      if (details) {
        c.put("critical", check.critical());
        if (health.message() != null) {
          c.put("message", health.message());
        }
        if (!health.details().isEmpty()) {
          c.put("details", health.details());
        }
      }
      checkBodies.put(check.name(), c);
      if (health.status() != Health.Status.UP) {
        String summary = health.reason() != null ? health.reason() : health.status().json();
        errors.add(
            check.name()
                + ": "
                + (details && health.message() != null ? health.message() : summary));
      }
    }
    body.put("checks", checkBodies);
    body.put("errors", errors);
    StringBuilder out = new StringBuilder(256);
    JsonWriter.append(out, body);
    return out.toString();
  }
}
