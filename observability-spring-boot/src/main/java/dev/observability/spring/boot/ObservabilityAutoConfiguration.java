package dev.observability.spring.boot;

import dev.observability.core.Observability;
import dev.observability.core.ObservabilityConfig;
import dev.observability.core.spi.CurrentSpanExemplars;
import dev.observability.health.HealthAuthorizer;
import dev.observability.health.HealthChecks;
import dev.observability.health.HealthContributor;
import dev.observability.health.HealthRegistry;
import dev.observability.health.HealthServlet;
import dev.observability.servlet.PrometheusScrapeServlet;
import dev.observability.servlet.RequestObservabilityFilter;
import dev.observability.servlet.RequestObservabilityFilterBuilder;
import dev.observability.spring.boot.internal.ActuatorHealth;
import dev.observability.spring.boot.internal.Boot3ActuatorHealth;
import dev.observability.spring.boot.internal.BucketExemplarsOnly;
import dev.observability.spring.boot.internal.DataSourceObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.servlet.DispatcherType;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Spring Boot auto-configuration: with {@code observability-spring-boot} on the class path, a Boot
 * application gets, with no code:
 *
 * <ul>
 *   <li>one {@link Observability} instance (also {@linkplain Observability#global() global}) that
 *       reuses the application's {@link MeterRegistry} and {@link OpenTelemetry} beans when Boot
 *       made them, so there is one SDK and JVM metrics are bound once;
 *   <li>{@link RequestObservabilityFilter} first in the filter chain (REQUEST, ASYNC and ERROR
 *       dispatches), its route taken from Spring MVC's matched pattern, and Spring's own HTTP
 *       server observation switched off so that each request is timed and traced once ({@code
 *       observability.filter.spring-observation=true} keeps it);
 *   <li>every {@link DataSource} bean observed (statement metrics and spans, slow queries, N+1,
 *       pool metrics for HikariCP), without changing its URL;
 *   <li>health: the application's {@link HealthContributor} beans as one Actuator health
 *       contributor named {@code observability} when Actuator is present, otherwise {@code
 *       /health}, {@code /health/live} and {@code /health/ready} served by the library with a check
 *       per DataSource;
 *   <li>{@code /metrics} when the Prometheus registry is present.
 * </ul>
 *
 * <p>Settings are {@link ObservabilityProperties}. Each part can be replaced by a bean of its own
 * type, or switched off with its {@code enabled} property.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration"
    })
@ConditionalOnProperty(
    prefix = "observability",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties(ObservabilityProperties.class)
public class ObservabilityAutoConfiguration {

  /** The request attribute in which Spring MVC keeps the pattern that matched the request. */
  static final String SPRING_MVC_ROUTE_ATTRIBUTE =
      "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  /** Created by Spring Boot. */
  public ObservabilityAutoConfiguration() {}

  /**
   * The instance every module reports to, installed as the global one.
   *
   * @param properties the settings
   * @param environment for {@code spring.application.name}
   * @param registries the application's meter registry, when Boot made one
   * @param openTelemetry the application's OpenTelemetry, when Boot made one
   * @return the instance
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Observability observability(
      ObservabilityProperties properties,
      Environment environment,
      ObjectProvider<MeterRegistry> registries,
      ObjectProvider<OpenTelemetry> openTelemetry) {
    Observability.Builder builder = Observability.builder().registerShutdownHook(false);
    String name = properties.getService().getName();
    if (name == null) {
      name = environment.getProperty("spring.application.name");
    }
    if (name != null) {
      builder.serviceName(name);
    }
    if (properties.getService().getVersion() != null) {
      builder.serviceVersion(properties.getService().getVersion());
    }
    if (properties.getEnvironment() != null) {
      builder.environment(properties.getEnvironment());
    }
    if (properties.getSlowThreshold() != null) {
      builder.set(
          ObservabilityConfig.SLOW_THRESHOLD, properties.getSlowThreshold().toMillis() + "ms");
    }
    if (properties.getMetrics().isOtlp()) {
      builder.set(ObservabilityConfig.METRICS_OTLP, "true");
    }
    MeterRegistry registry = registries.getIfUnique();
    if (registry != null) {
      builder.meterRegistry(registry); // Boot binds the JVM metrics to it; we do not again
    }
    OpenTelemetry otel = openTelemetry.getIfUnique();
    if (otel != null) {
      builder.openTelemetry(otel);
    }
    return builder.install();
  }

  /**
   * Wraps every DataSource bean in an observed one.
   *
   * @param observability resolved when the first DataSource is made
   * @param properties the settings
   * @return the post-processor
   */
  @Bean
  @ConditionalOnClass(name = "javax.sql.DataSource")
  @ConditionalOnProperty(
      prefix = "observability.jdbc",
      name = "enabled",
      havingValue = "true",
      matchIfMissing = true)
  public static DataSourceObserver observabilityDataSourceObserver(
      ObjectProvider<Observability> observability,
      ObjectProvider<ObservabilityProperties> properties) {
    return new DataSourceObserver(observability, properties);
  }

  /**
   * The registry of the library's health checks: the application's {@link HealthContributor} beans,
   * plus a check per DataSource when the library serves health itself.
   *
   * @param observability the instance
   * @param properties the settings
   * @param contributors the application's checks
   * @param dataSources the DataSource beans
   * @return the registry
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(
      prefix = "observability.health",
      name = "enabled",
      havingValue = "true",
      matchIfMissing = true)
  public HealthRegistry observabilityHealthRegistry(
      Observability observability,
      ObservabilityProperties properties,
      ObjectProvider<HealthContributor> contributors,
      ObjectProvider<Map<String, DataSource>> dataSources) {
    HealthRegistry.Builder builder = HealthRegistry.builder().observability(observability);
    if (properties.getHealth().getTimeout() != null) {
      builder.timeout(properties.getHealth().getTimeout());
    }
    if (properties.getHealth().getCacheTtl() != null) {
      builder.cacheTtl(properties.getHealth().getCacheTtl());
    }
    contributors.orderedStream().forEach(builder::add);
    if (!ActuatorHealth.present()) {
      // With Actuator, its own "db" indicator checks the DataSources.
      Map<String, DataSource> byName = dataSources.getIfAvailable(Map::of);
      byName.forEach(
          (beanName, dataSource) ->
              builder.add(
                  HealthChecks.dataSource(byName.size() == 1 ? "database" : beanName, dataSource)));
    }
    return builder.build();
  }

  /**
   * Trace-ID exemplars for the Prometheus registry Spring Boot makes: Boot passes a {@code
   * SpanContext} bean to it, and makes one itself only over Micrometer Tracing. Ours reads the
   * current OpenTelemetry span, as the library's own registry does. An application's own {@code
   * SpanContext} bean wins.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "io.micrometer.prometheusmetrics.PrometheusMeterRegistry",
        "io.prometheus.metrics.tracer.common.SpanContext"
      })
  public static class PrometheusExemplarsConfiguration {

    /** Created by Spring Boot. */
    public PrometheusExemplarsConfiguration() {}

    /**
     * The exemplar source for Boot's Prometheus registry.
     *
     * @return the current span's IDs, for sampled spans
     */
    @Bean
    @ConditionalOnMissingBean(type = "io.prometheus.metrics.tracer.common.SpanContext")
    public io.prometheus.metrics.tracer.common.SpanContext observabilityExemplars() {
      return new CurrentSpanExemplars();
    }

    /**
     * Exemplars on buckets and counters only, not on {@code _count}, unless the application set
     * {@code io.prometheus.exporter.exemplarsOnAllMetricTypes} itself.
     *
     * @return the post-processor of Boot's {@code PrometheusConfig}
     */
    @Bean
    public static BucketExemplarsOnly observabilityBucketExemplarsOnly() {
      return new BucketExemplarsOnly();
    }
  }

  /** The servlet parts: filter, scrape endpoint and, without Actuator, health endpoints. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "jakarta.servlet.Filter")
  public static class ServletConfiguration {

    /** Created by Spring Boot. */
    public ServletConfiguration() {}

    /**
     * The request filter, first in the chain.
     *
     * @param observability the instance
     * @param properties the settings
     * @return its registration
     */
    @Bean
    @ConditionalOnProperty(
        prefix = "observability.filter",
        name = "enabled",
        havingValue = "true",
        matchIfMissing = true)
    public FilterRegistrationBean<RequestObservabilityFilter> observabilityRequestFilter(
        Observability observability, ObservabilityProperties properties) {
      ObservabilityProperties.Filter settings = properties.getFilter();
      RequestObservabilityFilterBuilder builder =
          RequestObservabilityFilter.builder()
              .observability(observability)
              .requestIdHeader(settings.getRequestIdHeader())
              .routes(settings.getRoutes().toArray(String[]::new))
              .skipPaths(settings.getSkipPaths().toArray(String[]::new))
              .trustedProxies(settings.getTrustedProxies().toArray(String[]::new))
              .maxRoutes(settings.getMaxRoutes())
              .errorAnswers(settings.isErrorAnswers())
              .routeAttribute(SPRING_MVC_ROUTE_ATTRIBUTE);
      FilterRegistrationBean<RequestObservabilityFilter> registration =
          new FilterRegistrationBean<>(builder.build());
      registration.setName(
          dev.observability.servlet.ObservabilityServletContainerInitializer.FILTER_NAME);
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
      registration.setAsyncSupported(true);
      registration.setDispatcherTypes(
          DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
      registration.addUrlPatterns("/*");
      return registration;
    }

    /**
     * The Prometheus scrape endpoint over the application's registry.
     *
     * @param observability the instance
     * @param properties the settings
     * @return its registration
     */
    @Bean
    @ConditionalOnClass(name = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry")
    @ConditionalOnProperty(
        prefix = "observability.metrics",
        name = "enabled",
        havingValue = "true",
        matchIfMissing = true)
    public ServletRegistrationBean<PrometheusScrapeServlet> observabilityMetricsServlet(
        Observability observability, ObservabilityProperties properties) {
      ServletRegistrationBean<PrometheusScrapeServlet> registration =
          new ServletRegistrationBean<>(
              new PrometheusScrapeServlet(observability.meterRegistry()),
              properties.getMetrics().getPath());
      registration.setName("observabilityMetrics");
      return registration;
    }

    /**
     * The library's health endpoints, when Actuator does not serve health.
     *
     * @param registry the checks
     * @param properties the settings
     * @param authorizer decides who sees details under {@code when-authorized}
     * @return its registration
     */
    @Bean
    @ConditionalOnProperty(
        prefix = "observability.health",
        name = "enabled",
        havingValue = "true",
        matchIfMissing = true)
    @ConditionalOnMissingClass({
      ActuatorHealth.HEALTH_ENDPOINT,
      Boot3ActuatorHealth.HEALTH_ENDPOINT
    })
    public ServletRegistrationBean<HealthServlet> observabilityHealthServlet(
        HealthRegistry registry,
        ObservabilityProperties properties,
        ObjectProvider<HealthAuthorizer> authorizer) {
      ObservabilityProperties.Health settings = properties.getHealth();
      ServletRegistrationBean<HealthServlet> registration =
          new ServletRegistrationBean<>(
              new HealthServlet(
                  registry,
                  settings.getShowDetails(),
                  authorizer.getIfAvailable(HealthAuthorizer::nobody)),
              settings.getPath(),
              settings.getPath() + "/*");
      registration.setName("observabilityHealth");
      registration.setAsyncSupported(true); // slow readiness checks hold no request thread
      return registration;
    }
  }

  /** Spring's own HTTP server observation off, so each request is timed and traced once. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(
      name = {
        "io.micrometer.observation.ObservationPredicate",
        "org.springframework.http.server.observation.ServerRequestObservationContext"
      })
  @ConditionalOnProperty(
      prefix = "observability.filter",
      name = "enabled",
      havingValue = "true",
      matchIfMissing = true)
  public static class SpringObservationConfiguration {

    /** Created by Spring Boot. */
    public SpringObservationConfiguration() {}

    /**
     * Declines Spring's server request observations ({@code http.server.requests} and its span).
     *
     * @return the predicate
     */
    @Bean
    @ConditionalOnProperty(
        prefix = "observability.filter",
        name = "spring-observation",
        havingValue = "false",
        matchIfMissing = true)
    public io.micrometer.observation.ObservationPredicate observabilityOwnsServerRequests() {
      return (name, context) ->
          !(context
              instanceof
              org.springframework.http.server.observation.ServerRequestObservationContext);
    }
  }

  /** The library's checks as an Actuator health contributor. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {ActuatorHealth.HEALTH_INDICATOR, ActuatorHealth.HEALTH_ENDPOINT})
  @ConditionalOnProperty(
      prefix = "observability.health",
      name = "enabled",
      havingValue = "true",
      matchIfMissing = true)
  public static class ActuatorHealthConfiguration {

    /** Created by Spring Boot. */
    public ActuatorHealthConfiguration() {}

    /**
     * One contributor named {@code observability} (Actuator drops the bean name's {@code
     * HealthContributor} suffix) with a child per check.
     *
     * @param registry the checks
     * @return the contributor
     */
    @Bean
    @ConditionalOnBean(HealthContributor.class)
    public org.springframework.boot.health.contributor.CompositeHealthContributor
        observabilityHealthContributor(HealthRegistry registry) {
      return ActuatorHealth.contributor(registry);
    }
  }

  /** The library's checks as an Actuator health contributor on Spring Boot 3. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {Boot3ActuatorHealth.HEALTH_INDICATOR, Boot3ActuatorHealth.HEALTH_ENDPOINT})
  @ConditionalOnMissingClass(ActuatorHealth.HEALTH_INDICATOR)
  @ConditionalOnProperty(
      prefix = "observability.health",
      name = "enabled",
      havingValue = "true",
      matchIfMissing = true)
  public static class Boot3ActuatorHealthConfiguration {

    /** Created by Spring Boot. */
    public Boot3ActuatorHealthConfiguration() {}

    /**
     * Registers the contributor {@code observability} when the application has checks.
     *
     * @return the registrar
     */
    @Bean
    public static Boot3ActuatorHealth observabilityBoot3HealthRegistrar() {
      return new Boot3ActuatorHealth();
    }
  }
}
