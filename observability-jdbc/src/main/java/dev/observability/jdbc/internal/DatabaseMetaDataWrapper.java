package dev.observability.jdbc.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;

/**
 * A {@link DatabaseMetaData} whose {@link #getConnection()} returns the connection wrapper;
 * everything else is delegated by the generated {@link DelegatingDatabaseMetaData}.
 *
 * <p>Internal; not for public use, may change at any time.
 */
final class DatabaseMetaDataWrapper extends DelegatingDatabaseMetaData {

  private final Connection connection;

  DatabaseMetaDataWrapper(DatabaseMetaData delegate, Connection connection) {
    super(delegate);
    this.connection = connection;
  }

  @Override
  public Connection getConnection() {
    return connection;
  }
}
