package dev.observability.spring.boot.internal;

import dev.observability.health.HealthRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.ClassUtils;

/**
 * The library's checks as Actuator health indicators (Spring Boot 4's health API), each read as a
 * {@link CheckSummary}: a hanging check answers {@code DOWN} with reason {@code timeout} instead of
 * holding the Actuator request.
 */
public final class ActuatorHealth {

  /** Spring Boot 4's health indicator type. */
  public static final String HEALTH_INDICATOR =
      "org.springframework.boot.health.contributor.HealthIndicator";

  /** Spring Boot 4's Actuator health endpoint: present when Actuator serves health. */
  public static final String HEALTH_ENDPOINT =
      "org.springframework.boot.health.actuate.endpoint.HealthEndpoint";

  private ActuatorHealth() {}

  /**
   * Returns whether Actuator serves health in this application, on Spring Boot 4 or 3.
   *
   * @return whether its health endpoint is on the class path
   */
  public static boolean present() {
    ClassLoader loader = ActuatorHealth.class.getClassLoader();
    return (ClassUtils.isPresent(HEALTH_ENDPOINT, loader)
            && ClassUtils.isPresent(HEALTH_INDICATOR, loader))
        || (ClassUtils.isPresent(Boot3ActuatorHealth.HEALTH_ENDPOINT, loader)
            && ClassUtils.isPresent(Boot3ActuatorHealth.HEALTH_INDICATOR, loader));
  }

  /**
   * Makes the composite contributor.
   *
   * @param registry the checks
   * @return a contributor with one indicator per check
   */
  public static CompositeHealthContributor contributor(HealthRegistry registry) {
    Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
    for (String name : registry.names()) {
      indicators.put(name, () -> health(registry, name));
    }
    return CompositeHealthContributor.fromMap(indicators);
  }

  private static Health health(HealthRegistry registry, String name) {
    CheckSummary summary = CheckSummary.of(registry, name);
    return Health.status(summary.status()).withDetails(summary.details()).build();
  }
}
