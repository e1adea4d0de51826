package dev.observability.servlet.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * Finds Micrometer's Prometheus registry in a registry or composite.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class PrometheusRegistries {

  private PrometheusRegistries() {}

  /**
   * Returns whether the Prometheus registry classes are on the class path.
   *
   * @return whether they are
   */
  public static boolean available() {
    try {
      Class.forName("io.micrometer.prometheusmetrics.PrometheusMeterRegistry", false,
          PrometheusRegistries.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Finds the Prometheus registry. Call only when {@link #available()}.
   *
   * @param registry a registry, possibly composite
   * @return the Prometheus registry, or {@code null}
   */
  public static io.micrometer.prometheusmetrics.PrometheusMeterRegistry find(MeterRegistry registry) {
    if (registry instanceof io.micrometer.prometheusmetrics.PrometheusMeterRegistry) {
      return (io.micrometer.prometheusmetrics.PrometheusMeterRegistry) registry;
    }
    if (registry instanceof CompositeMeterRegistry) {
      for (MeterRegistry member : ((CompositeMeterRegistry) registry).getRegistries()) {
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry found = find(member);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
