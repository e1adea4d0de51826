package dev.observability.spring.boot.internal;

import dev.observability.core.Observability;
import dev.observability.jdbc.ObservableDataSource;
import dev.observability.spring.boot.ObservabilityProperties;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;

/**
 * Wraps every {@link DataSource} bean in an {@link ObservableDataSource} once it is initialized, so
 * that Flyway, Liquibase, JPA and the application all use the observed one and the URL stays as it
 * is. A DataSource that is already observed, and connections that the {@code jdbc:observability:}
 * driver already observes, are not measured twice. {@code unwrap} still reaches the pool, so Spring
 * Boot's own pool metadata and JMX see HikariCP; only injection points typed as the pool's class
 * ({@code HikariDataSource}) no longer match, which {@code observability.jdbc.enabled=false}
 * restores.
 */
public final class DataSourceObserver implements BeanPostProcessor, Ordered {

  private final ObjectProvider<Observability> observability;
  private final ObjectProvider<ObservabilityProperties> properties;

  /**
   * Creates the post-processor; both are resolved when the first DataSource is made, not before.
   *
   * @param observability the instance
   * @param properties the settings
   */
  public DataSourceObserver(
      ObjectProvider<Observability> observability,
      ObjectProvider<ObservabilityProperties> properties) {
    this.observability = observability;
    this.properties = properties;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof DataSource dataSource) || bean instanceof ObservableDataSource) {
      return bean;
    }
    ObservabilityProperties.Jdbc settings = properties.getObject().getJdbc();
    ObservableDataSource.Builder builder =
        ObservableDataSource.builder(dataSource).observability(observability.getObject());
    if (settings.getSlowQueryThreshold() != null) {
      builder.slowQueryThreshold(settings.getSlowQueryThreshold());
    }
    if (settings.getNPlusOneThreshold() != null) {
      builder.nPlusOneThreshold(settings.getNPlusOneThreshold());
    }
    if (settings.getCaptureParameters() != null) {
      builder.captureParameters(settings.getCaptureParameters());
    }
    return builder.build();
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE; // after the pool's own post-processors (metrics, JMX)
  }
}
