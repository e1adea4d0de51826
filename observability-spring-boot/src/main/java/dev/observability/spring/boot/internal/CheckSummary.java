package dev.observability.spring.boot.internal;

import dev.observability.health.HealthRegistry;
import dev.observability.health.HealthReport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One of the library's checks as Actuator shows it, whichever Spring Boot line: the status name
 * ({@code UP}, {@code DEGRADED}, {@code DOWN}, or {@code UNKNOWN} for a check the registry no
 * longer has) and the details (reason, message, duration), read from one run of the registry, so
 * its timeouts, caching and metrics hold.
 *
 * @param status the Actuator status name
 * @param details the details to show when Actuator shows details
 */
record CheckSummary(String status, Map<String, Object> details) {

  static CheckSummary of(HealthRegistry registry, String name) {
    for (HealthReport.Check check : registry.check(null).checks()) {
      if (check.name().equals(name)) {
        dev.observability.health.Health result = check.health();
        Map<String, Object> details = new LinkedHashMap<>();
        if (result.reason() != null) {
          details.put("reason", result.reason());
        }
        if (result.message() != null) {
          details.put("message", result.message());
        }
        details.put("durationMillis", check.durationMillis());
        return new CheckSummary(result.status().name(), details);
      }
    }
    return new CheckSummary("UNKNOWN", Map.of());
  }
}
