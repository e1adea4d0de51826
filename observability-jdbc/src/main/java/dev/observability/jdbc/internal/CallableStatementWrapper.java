package dev.observability.jdbc.internal;

import java.sql.CallableStatement;

/**
 * A {@link CallableStatement}; executions are measured by {@link PreparedStatementWrapper}, and
 * every method of its own is delegated by the generated {@link DelegatingCallableStatement}.
 *
 * <p>Internal; not for public use, may change at any time.
 */
final class CallableStatementWrapper extends DelegatingCallableStatement {

  CallableStatementWrapper(
      CallableStatement delegate,
      ConnectionWrapper connection,
      JdbcInstrumentation instrumentation,
      String sql) {
    super(delegate, connection, instrumentation, sql);
  }
}
