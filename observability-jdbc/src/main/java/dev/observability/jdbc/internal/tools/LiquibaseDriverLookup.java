package dev.observability.jdbc.internal.tools;

import dev.observability.jdbc.ObservabilityDriver;
import liquibase.database.DatabaseConnection;
import liquibase.database.core.UnsupportedDatabase;

/**
 * Lets Liquibase open {@code jdbc:observability:} URLs without naming a driver class. Liquibase
 * asks every database implementation for the default driver of a URL; this one answers the
 * library's driver for our prefix, and is never chosen as the database itself: once connected,
 * Liquibase picks the real database's implementation from the connection. Registered through {@code
 * META-INF/services/liquibase.database.Database}.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class LiquibaseDriverLookup extends UnsupportedDatabase {

  /** Created by Liquibase's service locator. */
  public LiquibaseDriverLookup() {}

  @Override
  public String getDefaultDriver(String url) {
    return url != null && url.startsWith(ObservabilityDriver.URL_PREFIX)
        ? ObservabilityDriver.class.getName()
        : null;
  }

  @Override
  public boolean isCorrectDatabaseImplementation(DatabaseConnection connection) {
    return false;
  }

  @Override
  public String getShortName() {
    return "observability";
  }

  @Override
  public int getPriority() {
    return PRIORITY_DEFAULT - 1; // below every real implementation
  }
}
