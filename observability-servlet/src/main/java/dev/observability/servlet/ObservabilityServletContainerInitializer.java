package dev.observability.servlet;

import dev.observability.core.Observability;
import dev.observability.core.spi.ApplicationStop;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zero-config set-up: with the jar on a web application's class path, the container runs this
 * initializer (it is listed in {@code
 * META-INF/services/jakarta.servlet.ServletContainerInitializer}) and it adds {@link
 * RequestObservabilityFilter} for {@code /*} (async supported, for REQUEST, ASYNC and ERROR
 * dispatches, before the application's own filters) and, when the Prometheus registry is on the
 * class path and nothing else is mapped there, {@link PrometheusScrapeServlet} at {@code /metrics}.
 *
 * <p>Context init parameters switch parts off: {@value #ENABLED}{@code =false} (everything),
 * {@value #METRICS_ENABLED}{@code =false} (the scrape servlet), {@value #METRICS_PATH} (another
 * path). The filter's own init parameters can be given as context parameters prefixed with {@code
 * observability.filter.}, e.g. {@code observability.filter.routes}.
 *
 * <p>When the library's jars are the web application's own ({@code WEB-INF/lib}), the global
 * instance is closed when the application stops (its shutdown hook removed, JVM metric binders and
 * exporters closed), so that nothing keeps the application's class loader after undeploy.
 */
public final class ObservabilityServletContainerInitializer implements ServletContainerInitializer {

  /** Context parameter: {@code false} turns the zero-config set-up off. */
  public static final String ENABLED = "observability.servlet.enabled";

  /** Context parameter: {@code false} leaves out the scrape servlet. */
  public static final String METRICS_ENABLED = "observability.metrics.enabled";

  /** Context parameter: the path of the scrape servlet, default {@code /metrics}. */
  public static final String METRICS_PATH = "observability.metrics.path";

  /** The name under which the filter is registered. */
  public static final String FILTER_NAME = "observabilityRequestFilter";

  private static final Logger LOG =
      LoggerFactory.getLogger(ObservabilityServletContainerInitializer.class);
  private static final String FILTER_PARAM_PREFIX = "observability.filter.";

  /** Creates the initializer; the container instantiates it. */
  public ObservabilityServletContainerInitializer() {}

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    if ("false".equalsIgnoreCase(context.getInitParameter(ENABLED))) {
      return;
    }
    if (context.getFilterRegistration(FILTER_NAME) == null) {
      FilterRegistration.Dynamic filter =
          context.addFilter(FILTER_NAME, RequestObservabilityFilter.class);
      if (filter != null) {
        filter.setAsyncSupported(true);
        for (String name : java.util.Collections.list(context.getInitParameterNames())) {
          if (name.startsWith(FILTER_PARAM_PREFIX)) {
            filter.setInitParameter(
                name.substring(FILTER_PARAM_PREFIX.length()), context.getInitParameter(name));
          }
        }
        filter.addMappingForUrlPatterns(
            EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR),
            false,
            "/*");
      }
    }
    if (!"false".equalsIgnoreCase(context.getInitParameter(METRICS_ENABLED))
        && dev.observability.core.spi.PrometheusScrape.available()) {
      String path = context.getInitParameter(METRICS_PATH);
      String metricsPath = path == null || path.isBlank() ? "/metrics" : path.trim();
      if (!isMapped(context, metricsPath)) {
        ServletRegistration.Dynamic servlet =
            context.addServlet("observabilityMetrics", PrometheusScrapeServlet.class);
        if (servlet != null) {
          servlet.addMapping(metricsPath);
        }
      }
    }
    ClassLoader application = context.getClassLoader();
    if (Observability.class.getClassLoader() == application
        && application != ClassLoader.getSystemClassLoader()) {
      // Our jars are the web application's own (WEB-INF/lib): what they created must go when it
      // stops, or its class loader stays reachable after undeploy. Shared jars (the container's
      // lib) serve other applications too, and an embedded server's application is the whole
      // JVM (it may start the server again): both are left alone.
      context.addListener(new ClosesGlobalInstance());
    }
    LOG.debug("observability filter registered for {}", context.getContextPath());
  }

  /** Closes the global instance when the web application stops. */
  static final class ClosesGlobalInstance implements ServletContextListener {
    @Override
    public void contextDestroyed(ServletContextEvent event) {
      Observability.closeGlobal();
      ApplicationStop.releaseLibraryThreads(); // our class loader is going: nothing records again
    }
  }

  private static boolean isMapped(ServletContext context, String path) {
    for (Map.Entry<String, ? extends ServletRegistration> entry :
        context.getServletRegistrations().entrySet()) {
      if (entry.getValue().getMappings().contains(path)) {
        return true;
      }
    }
    return false;
  }
}
