package dev.observability.health;

import dev.observability.core.spi.JsonWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Renders the JSON body of the health endpoints, so an application can keep the shape its probes,
 * dashboards or clients already parse without writing a servlet. The status code does not change
 * with the shape: 200, or 503 when the report is unhealthy.
 *
 * <p>{@link #standard()} is the default, {@link HealthReport#toJson(boolean)}. {@link #flat()}
 * gives a flat shape with one field per check:
 *
 * <pre>{@code
 * GET /health        {"status":"healthy","timestamp":"…","version":"1.4.2",
 *                     "database":"connected","smtp":"configured","errors":[]}
 * GET /health/ready  {"status":"ready","services":{"database":true}}
 *
 * HealthFormat format = HealthFormat.flat()
 *     .value("database", "connected", "disconnected")
 *     .value("smtp", "configured", "unavailable");
 * new HealthServlet(health, ShowDetails.NEVER, HealthAuthorizer.nobody(), format);
 * ManagementServer.builder(health).format(format).start();
 * }</pre>
 *
 * <p>Or any lambda: {@code (report, endpoint, details) -> …}. A format must not block; what it
 * throws is contained and answered with the standard body.
 */
@FunctionalInterface
public interface HealthFormat {

  /** The endpoint a body is for. */
  enum Endpoint {
    /** {@code /health}: every check. */
    HEALTH,
    /** {@code /health/live}: the liveness group. */
    LIVE,
    /** {@code /health/ready}: the readiness group. */
    READY
  }

  /**
   * Renders a body.
   *
   * @param report the evaluated checks
   * @param endpoint the endpoint asked for
   * @param details whether the caller may see messages and details
   * @return the JSON body
   */
  String render(HealthReport report, Endpoint endpoint, boolean details);

  /**
   * Returns the designed shape, {@link HealthReport#toJson(boolean)}, for every endpoint.
   *
   * @return the standard format
   */
  static HealthFormat standard() {
    return (report, endpoint, details) -> report.toJson(details);
  }

  /**
   * Returns the flat shape: {@code status} ({@code healthy|degraded|unhealthy}), {@code timestamp},
   * {@code version}, one field per check ({@code up}/{@code degraded}/{@code down}, or the words
   * given with {@link Flat#value}) and {@code errors} ({@code "Database: timeout"}, the message
   * instead of the reason only when details are allowed); and for readiness {@code
   * {"status":"ready|not_ready","services":{"database":true}}}.
   *
   * @return a flat format, to be given words per check if wanted
   */
  static Flat flat() {
    return new Flat(Map.of());
  }

  /** The flat shape; immutable, each {@link #value} returns a new format. */
  final class Flat implements HealthFormat {
    /** Field names of the body itself; a check of such a name is written as {@code check_…}. */
    private static final java.util.Set<String> RESERVED =
        java.util.Set.of("status", "timestamp", "version", "errors");

    private final Map<String, String[]> words;

    private Flat(Map<String, String[]> words) {
      this.words = words;
    }

    /**
     * Names the values of one check's field.
     *
     * @param check the check's name
     * @param up the value when it is up or degraded, such as {@code connected}
     * @param down the value when it is down, such as {@code disconnected}
     * @return a format with these words
     */
    public Flat value(String check, String up, String down) {
      Map<String, String[]> copy = new LinkedHashMap<>(words);
      copy.put(
          Objects.requireNonNull(check, "check"),
          new String[] {Objects.requireNonNull(up, "up"), Objects.requireNonNull(down, "down")});
      return new Flat(Map.copyOf(copy));
    }

    @Override
    public String render(HealthReport report, Endpoint endpoint, boolean details) {
      Map<String, Object> body = new LinkedHashMap<>();
      if (endpoint == Endpoint.READY) {
        body.put(
            "status", report.status() == HealthReport.Status.UNHEALTHY ? "not_ready" : "ready");
        Map<String, Object> services = new LinkedHashMap<>();
        for (HealthReport.Check check : report.checks()) {
          if (check.critical()) { // only what decides readiness
            services.put(check.name(), check.health().status() != Health.Status.DOWN);
          }
        }
        body.put("services", services);
      } else {
        body.put("status", report.status().json());
        body.put("timestamp", report.timestamp().toString());
        body.put("version", report.version());
        List<String> errors = new java.util.ArrayList<>();
        for (HealthReport.Check check : report.checks()) {
          Health health = check.health();
          String[] named = words.get(check.name());
          boolean down = health.status() == Health.Status.DOWN;
          body.put(
              RESERVED.contains(check.name()) ? "check_" + check.name() : check.name(),
              named == null ? health.status().json() : (down ? named[1] : named[0]));
          if (health.status() != Health.Status.UP) {
            String why =
                details && health.message() != null
                    ? health.message()
                    : health.reason() != null ? health.reason() : health.status().json();
            errors.add(capitalised(check.name()) + ": " + why);
          }
        }
        body.put("errors", errors);
      }
      StringBuilder out = new StringBuilder(128);
      JsonWriter.append(out, body);
      return out.toString();
    }

    private static String capitalised(String name) {
      return name.isEmpty()
          ? name
          : name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }
  }
}
