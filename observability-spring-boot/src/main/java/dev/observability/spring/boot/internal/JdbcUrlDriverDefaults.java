package dev.observability.spring.boot.internal;

import dev.observability.jdbc.ObservabilityDriver;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Names the library's driver for {@code jdbc:observability:} URLs in {@code spring.datasource},
 * {@code spring.flyway} and {@code spring.liquibase} when the application names none. Spring Boot
 * otherwise guesses the driver from the URL's first word, finds none for ours, and falls back to
 * the embedded database's driver, which refuses the URL. The starter observes DataSource beans
 * without the URL prefix, so the prefix is needed only where a tool makes its own connections.
 */
public final class JdbcUrlDriverDefaults implements EnvironmentPostProcessor {

  private static final String[] PREFIXES = {
    "spring.datasource", "spring.flyway", "spring.liquibase"
  };

  /** Created by Spring Boot. */
  public JdbcUrlDriverDefaults() {}

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    Map<String, Object> defaults = new HashMap<>();
    for (String prefix : PREFIXES) {
      String url = environment.getProperty(prefix + ".url");
      String driver = prefix + ".driver-class-name";
      if (url != null
          && url.startsWith(ObservabilityDriver.URL_PREFIX)
          && environment.getProperty(driver) == null) {
        defaults.put(driver, ObservabilityDriver.class.getName());
      }
    }
    if (!defaults.isEmpty()) {
      environment
          .getPropertySources()
          .addLast(new MapPropertySource("observabilityJdbc", defaults));
    }
  }
}
