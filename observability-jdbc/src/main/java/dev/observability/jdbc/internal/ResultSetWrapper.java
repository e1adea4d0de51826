package dev.observability.jdbc.internal;

import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A {@link ResultSet} whose {@link #getStatement()} returns the statement wrapper, as the JDBC
 * contract expects; everything else is delegated by the generated {@link DelegatingResultSet}.
 *
 * <p>Internal; not for public use, may change at any time.
 */
final class ResultSetWrapper extends DelegatingResultSet {

  private final Statement statement;

  ResultSetWrapper(ResultSet delegate, Statement statement) {
    super(delegate);
    this.statement = statement;
  }

  @Override
  public Statement getStatement() {
    return statement;
  }
}
