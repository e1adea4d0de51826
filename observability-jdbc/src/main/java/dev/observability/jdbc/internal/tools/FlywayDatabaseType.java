package dev.observability.jdbc.internal.tools;

import dev.observability.jdbc.ObservabilityDriver;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.database.base.BaseDatabaseType;
import org.flywaydb.core.internal.database.base.Database;
import org.flywaydb.core.internal.jdbc.JdbcConnectionFactory;
import org.flywaydb.core.internal.jdbc.StatementInterceptor;
import org.flywaydb.core.internal.parser.Parser;
import org.flywaydb.core.internal.parser.ParsingContext;

/**
 * Lets Flyway open {@code jdbc:observability:} URLs. Flyway picks a database type twice: from the
 * URL, to find the driver, and from the open connection's product name, to migrate. This type
 * answers only the first: it hands the URL to the library's driver, which connects to the wrapped
 * URL, and then Flyway's own type for the real database (PostgreSQL, H2, ...) takes over from the
 * connection. Registered through {@code META-INF/services/org.flywaydb.core.extensibility.Plugin}.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class FlywayDatabaseType extends BaseDatabaseType {

  /** Created by Flyway's plugin register. */
  public FlywayDatabaseType() {}

  @Override
  public String getName() {
    return "Observability (jdbc:observability:)";
  }

  @Override
  public int getNullType() {
    return java.sql.Types.NULL;
  }

  @Override
  public boolean handlesJDBCUrl(String url) {
    return url != null && url.startsWith(ObservabilityDriver.URL_PREFIX);
  }

  @Override
  public String getDriverClass(String url, ClassLoader classLoader) {
    return ObservabilityDriver.class.getName();
  }

  @Override
  public boolean handlesDatabaseProductNameAndVersion(
      String databaseProductName, String databaseProductVersion, java.sql.Connection connection) {
    return false; // the connection reports the real database's name; its own type handles it
  }

  @Override
  public Database createDatabase(
      Configuration configuration,
      JdbcConnectionFactory jdbcConnectionFactory,
      StatementInterceptor statementInterceptor) {
    throw notTheDatabase();
  }

  @Override
  public Parser createParser(
      Configuration configuration,
      ResourceProvider resourceProvider,
      ParsingContext parsingContext) {
    throw notTheDatabase();
  }

  private static IllegalStateException notTheDatabase() {
    return new IllegalStateException(
        "jdbc:observability: names no database of its own: Flyway's type for the wrapped URL's"
            + " database should have been chosen from the connection; is its flyway-database-*"
            + " module on the class path?");
  }
}
