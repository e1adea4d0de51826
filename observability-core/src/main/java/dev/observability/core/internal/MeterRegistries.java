package dev.observability.core.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Creates the Micrometer registries whose libraries are on the class path.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class MeterRegistries {

  private static final String PROMETHEUS =
      "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";
  private static final String OTLP = "io.micrometer.registry.otlp.OtlpMeterRegistry";

  private MeterRegistries() {}

  /**
   * Returns whether Micrometer's Prometheus registry is on the class path.
   *
   * @return whether it is
   */
  public static boolean prometheusAvailable() {
    return present(PROMETHEUS);
  }

  /**
   * Returns whether Micrometer's OTLP registry is on the class path.
   *
   * @return whether it is
   */
  public static boolean otlpAvailable() {
    return present(OTLP);
  }

  /**
   * Creates the registries available: Prometheus when present, OTLP when asked for and present.
   *
   * @param otlp whether to add the OTLP push registry
   * @return the registries created, possibly none
   */
  public static List<MeterRegistry> create(boolean otlp) {
    List<MeterRegistry> registries = new ArrayList<>(2);
    if (prometheusAvailable()) {
      registries.add(PrometheusSupport.create());
    }
    if (otlp && otlpAvailable()) {
      registries.add(OtlpSupport.create());
    }
    return registries;
  }

  /**
   * Stops the static scheduler thread of Prometheus' exemplar sampling when its class belongs to
   * our class loader (a web application's own class path), so that the class loader can go when the
   * application stops. Never throws.
   */
  public static void stopExemplarScheduler() {
    ClassLoader ours = MeterRegistries.class.getClassLoader();
    try {
      Class<?> scheduler = Class.forName("io.prometheus.metrics.core.util.Scheduler", false, ours);
      if (scheduler.getClassLoader() != ours) {
        return; // a shared class path: other applications use it
      }
      java.lang.reflect.Field field = scheduler.getDeclaredField("executor");
      field.setAccessible(true);
      java.util.concurrent.ExecutorService executor =
          (java.util.concurrent.ExecutorService) field.get(null);
      executor.shutdownNow();
      executor.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (ClassNotFoundException absent) {
      // Prometheus' registry is not on the class path: nothing was started
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ReflectiveOperationException | RuntimeException e) {
      dev.observability.core.spi.ContainedFailures.report("prometheus-scheduler", e);
    }
  }

  /**
   * Finds a registry of {@code type} in {@code registry} or, for a composite, among its members.
   *
   * @param registry the registry to search
   * @param type the type wanted
   * @param <T> the type wanted
   * @return the registry found, or {@code null}
   */
  public static <T extends MeterRegistry> @Nullable T find(MeterRegistry registry, Class<T> type) {
    if (type.isInstance(registry)) {
      return type.cast(registry);
    }
    if (registry instanceof CompositeMeterRegistry) {
      for (MeterRegistry member : ((CompositeMeterRegistry) registry).getRegistries()) {
        T found = find(member, type);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /**
   * Renders the Prometheus registry found in {@code registry}. Call only when {@link
   * #prometheusAvailable()}.
   *
   * @param registry the registry, possibly composite
   * @param contentType the exposition content type
   * @return the text, or {@code null} when there is no Prometheus registry in it
   */
  public static @Nullable String scrapePrometheus(MeterRegistry registry, String contentType) {
    return PrometheusSupport.scrape(registry, contentType);
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, MeterRegistries.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Loaded only when the Prometheus registry is present. */
  private static final class PrometheusSupport {
    static MeterRegistry create() {
      return new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
          BucketExemplarsOnly.CONFIG,
          new io.prometheus.metrics.model.registry.PrometheusRegistry(),
          io.micrometer.core.instrument.Clock.SYSTEM,
          new dev.observability.core.spi.CurrentSpanExemplars());
    }

    static String scrape(MeterRegistry registry, String contentType) {
      var prometheus =
          find(registry, io.micrometer.prometheusmetrics.PrometheusMeterRegistry.class);
      return prometheus == null ? null : prometheus.scrape(contentType);
    }
  }

  /** Loaded only when the OTLP registry is present; it reads the OTEL_* variables itself. */
  private static final class OtlpSupport {
    static MeterRegistry create() {
      return new io.micrometer.registry.otlp.OtlpMeterRegistry();
    }
  }

  /**
   * Micrometer's defaults but with exemplars on histogram buckets and counters only, as OpenMetrics
   * 1.0 has them: Micrometer also puts them on every {@code _count}, which Prometheus before 2.43
   * (Debian 12's 2.42, for one) answers by dropping the whole scrape.
   */
  private static final class BucketExemplarsOnly
      implements io.micrometer.prometheusmetrics.PrometheusConfig {
    static final BucketExemplarsOnly CONFIG = new BucketExemplarsOnly();

    @Override
    public @Nullable String get(String key) {
      return null;
    }

    @Override
    public java.util.Properties prometheusProperties() {
      java.util.Properties properties =
          io.micrometer.prometheusmetrics.PrometheusConfig.super.prometheusProperties();
      properties.setProperty("io.prometheus.exporter.exemplarsOnAllMetricTypes", "false");
      return properties;
    }
  }
}
