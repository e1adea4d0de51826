package dev.observability.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A {@link PreparedStatement} measured under its sanitized SQL, analysed once when prepared.
 * Delegation lives in the generated {@link DelegatingPreparedStatement}; this class holds the
 * executions, the batch and the parameter capture.
 *
 * <p>Internal; not for public use, may change at any time.
 */
class PreparedStatementWrapper<S extends PreparedStatement> extends DelegatingPreparedStatement<S> {

  /** The analysed statement text. */
  final SqlInfo info;

  /** Captured parameter values, or {@code null} unless the user opted in. */
  private final Parameters parameters;

  PreparedStatementWrapper(
      S delegate, ConnectionWrapper connection, JdbcInstrumentation instrumentation, String sql) {
    super(delegate, connection, instrumentation);
    this.info = instrumentation.info(sql);
    this.parameters = capturesParameters ? new Parameters() : null;
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    return wrap(instrumentation.execute(info, 0, parameters, () -> delegate.executeQuery()));
  }

  @Override
  public int executeUpdate() throws SQLException {
    return instrumentation.execute(info, 0, parameters, () -> delegate.executeUpdate());
  }

  @Override
  public boolean execute() throws SQLException {
    return instrumentation.execute(info, 0, parameters, () -> delegate.execute());
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    return instrumentation.execute(info, 0, parameters, () -> delegate.executeLargeUpdate());
  }

  @Override
  public void addBatch() throws SQLException {
    delegate.addBatch();
    addToBatch(info);
  }

  @Override
  public void clearParameters() throws SQLException {
    delegate.clearParameters();
    if (parameters != null) {
      parameters.clear();
    }
  }

  @Override
  void onParameter(int index, Object value) {
    parameters.set(index, value);
  }

  @Override
  final Parameters parameters() {
    return parameters;
  }
}
