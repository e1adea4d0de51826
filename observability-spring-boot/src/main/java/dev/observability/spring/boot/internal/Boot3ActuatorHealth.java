package dev.observability.spring.boot.internal;

import dev.observability.health.HealthContributor;
import dev.observability.health.HealthRegistry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.util.ClassUtils;

/**
 * The library's checks as Actuator health indicators on Spring Boot 3, whose health API lives in
 * another package than Boot 4's. The library compiles against Boot 4 only, so the Boot 3 types are
 * reached by name: the composite is made with Boot's own {@code
 * CompositeHealthContributor.fromMap}, each indicator is a proxy of Boot's {@code HealthIndicator},
 * and the bean is registered with its real type so that Actuator finds it like any other
 * contributor. Used only when Boot 3's Actuator is on the class path and the application has checks
 * of its own.
 */
public final class Boot3ActuatorHealth implements BeanDefinitionRegistryPostProcessor {

  /** Spring Boot 3's health indicator type. */
  public static final String HEALTH_INDICATOR =
      "org.springframework.boot.actuate.health.HealthIndicator";

  /** Spring Boot 3's Actuator health endpoint. */
  public static final String HEALTH_ENDPOINT =
      "org.springframework.boot.actuate.health.HealthEndpoint";

  private static final String PACKAGE = "org.springframework.boot.actuate.health.";
  private static final String BEAN_NAME = "observabilityHealthContributor";

  /** Created by the auto-configuration. */
  public Boot3ActuatorHealth() {}

  @Override
  public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
    if (!(registry instanceof ConfigurableListableBeanFactory beanFactory)
        || registry.containsBeanDefinition(BEAN_NAME)
        || beanFactory.getBeanNamesForType(HealthContributor.class, true, false).length == 0) {
      return;
    }
    ClassLoader loader = beanFactory.getBeanClassLoader();
    Class<Object> type = load(PACKAGE + "CompositeHealthContributor", loader);
    registry.registerBeanDefinition(
        BEAN_NAME,
        new RootBeanDefinition(
            type, () -> contributor(beanFactory.getBean(HealthRegistry.class), loader)));
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {}

  private static Object contributor(HealthRegistry registry, ClassLoader loader) {
    Class<Object> indicatorType = load(HEALTH_INDICATOR, loader);
    Map<String, Object> indicators = new LinkedHashMap<>();
    for (String name : registry.names()) {
      InvocationHandler handler =
          (proxy, method, args) -> {
            if (method.getName().equals("health") && method.getParameterCount() == 0) {
              return health(registry, name, loader);
            }
            if (method.isDefault()) {
              return InvocationHandler.invokeDefault(proxy, method, args);
            }
            return switch (method.getName()) {
              case "toString" -> "observability health check " + name;
              case "hashCode" -> System.identityHashCode(proxy);
              case "equals" -> proxy == args[0];
              default -> throw new UnsupportedOperationException(method.getName());
            };
          };
      indicators.put(name, Proxy.newProxyInstance(loader, new Class<?>[] {indicatorType}, handler));
    }
    try {
      Method fromMap =
          load(PACKAGE + "CompositeHealthContributor", loader).getMethod("fromMap", Map.class);
      return fromMap.invoke(null, indicators);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Spring Boot 3's health API is not as expected", e);
    }
  }

  private static Object health(HealthRegistry registry, String name, ClassLoader loader)
      throws ReflectiveOperationException {
    CheckSummary summary = CheckSummary.of(registry, name);
    Object builder =
        load(PACKAGE + "Health", loader)
            .getMethod("status", String.class)
            .invoke(null, summary.status());
    builder.getClass().getMethod("withDetails", Map.class).invoke(builder, summary.details());
    return builder.getClass().getMethod("build").invoke(builder);
  }

  @SuppressWarnings("unchecked")
  private static Class<Object> load(String name, ClassLoader loader) {
    return (Class<Object>) ClassUtils.resolveClassName(name, loader);
  }
}
