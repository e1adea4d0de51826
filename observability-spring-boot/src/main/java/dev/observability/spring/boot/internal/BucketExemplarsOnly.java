package dev.observability.spring.boot.internal;

import io.micrometer.core.instrument.config.validate.Validated;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import java.time.Duration;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Keeps exemplars off {@code _count} lines in the scrape of Spring Boot's Prometheus registry, as
 * the library's own registry does: Micrometer puts them there by default, and Prometheus before
 * 2.43 (Debian 12's 2.42, for one) answers by dropping the whole scrape. Boot sets {@code
 * io.prometheus.exporter.exemplarsOnAllMetricTypes=true} by default, which was harmless while Boot
 * made exemplars only over Micrometer Tracing; with the exemplar source this module adds, it would
 * cost users of older Prometheus servers their scrapes. Wraps Boot's {@code PrometheusConfig} bean,
 * which both the registry and the Actuator endpoint read. A value the application sets itself,
 * through {@code
 * management.prometheus.metrics.export.properties.io.prometheus.exporter.exemplarsOnAllMetricTypes},
 * is kept.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class BucketExemplarsOnly implements BeanPostProcessor, EnvironmentAware {

  static final String KEY = "io.prometheus.exporter.exemplarsOnAllMetricTypes";
  private static final String BOOT_PROPERTY = "management.prometheus.metrics.export.properties.";

  private @Nullable Environment environment;

  /** Created by the auto-configuration. */
  public BucketExemplarsOnly() {}

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    boolean setByTheApplication =
        environment != null && environment.containsProperty(BOOT_PROPERTY + KEY);
    return bean instanceof PrometheusConfig config && !setByTheApplication
        ? new Wrapped(config)
        : bean;
  }

  private record Wrapped(PrometheusConfig delegate) implements PrometheusConfig {

    @Override
    public @Nullable String get(String key) {
      return delegate.get(key);
    }

    @Override
    public String prefix() {
      return delegate.prefix();
    }

    @Override
    public boolean descriptions() {
      return delegate.descriptions();
    }

    @Override
    public Duration step() {
      return delegate.step();
    }

    @Override
    public Properties prometheusProperties() {
      Properties properties = new Properties();
      Properties configured = delegate.prometheusProperties();
      if (configured != null) {
        properties.putAll(configured);
      }
      properties.setProperty(KEY, "false");
      return properties;
    }

    @Override
    public Validated<?> validate() {
      return delegate.validate();
    }
  }
}
