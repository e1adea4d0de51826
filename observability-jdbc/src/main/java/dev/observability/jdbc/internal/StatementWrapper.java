package dev.observability.jdbc.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * A {@link Statement} whose executions are measured; result sets and {@link #getConnection()} lead back to wrappers.
 *
 * <p>Every method of the interface is implemented here (a test checks it), delegating to the
 * wrapped object; the delegation was generated from the {@code java.sql} interfaces and the few
 * methods that measure, wrap children or return back-references were written by hand. Timing and
 * counting live in {@link JdbcInstrumentation}.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public class StatementWrapper<S extends Statement> implements Statement {

  /** The driver's statement. */
  protected final S delegate;
  /** The wrapper of the connection that made this statement. */
  protected final ConnectionWrapper connection;
  /** The measuring. */
  protected final JdbcInstrumentation instrumentation;
  private SqlInfo batchInfo;
  private int batchSize;

  /**
   * Wraps a statement.
   *
   * @param delegate the driver's statement
   * @param connection the wrapper of its connection
   * @param instrumentation the measuring
   */
  public StatementWrapper(S delegate, ConnectionWrapper connection, JdbcInstrumentation instrumentation) {
    this.delegate = delegate;
    this.connection = connection;
    this.instrumentation = instrumentation;
    connection.opened(this);
  }

  /** Wraps a result set of this statement, so that its {@code getStatement()} returns this. */
  protected final ResultSet wrap(ResultSet resultSet) {
    return resultSet == null ? null : new ResultSetWrapper(resultSet, this);
  }

  /**
   * Counts a statement added to the batch; only the first one's text is kept, so a batch of a
   * hundred thousand statements costs two fields.
   */
  protected final void addToBatch(SqlInfo info) {
    if (batchInfo == null) {
      batchInfo = info;
    }
    batchSize++;
  }

  /** The parameters captured for slow-query reports, if any. */
  protected Parameters parameters() {
    return null;
  }

  private SqlInfo takeBatchInfo() {
    SqlInfo info = batchInfo == null ? instrumentation.info("BATCH") : batchInfo;
    batchInfo = null;
    return info;
  }

  private int takeBatchSize() {
    int size = Math.max(batchSize, 1);
    batchSize = 0;
    return size;
  }

  /** How many statements are in the pending batch; for tests. */
  final int pendingBatchSize() {
    return batchSize;
  }

  @Override
  public ResultSet executeQuery(String arg0) throws SQLException {
    return wrap(instrumentation.execute(instrumentation.info(arg0), 0, null, () -> delegate.executeQuery(arg0)));
  }

  @Override
  public int executeUpdate(String arg0) throws SQLException {
    return instrumentation.execute(instrumentation.info(arg0), 0, null, () -> delegate.executeUpdate(arg0));
  }

  @Override
  public void close() throws SQLException {
    try {
      delegate.close();
    } finally {
      connection.closed(this);
    }
  }

  @Override
  public int getMaxFieldSize() throws SQLException {
    return delegate.getMaxFieldSize();
  }

  @Override
  public void setMaxFieldSize(int arg0) throws SQLException {
    delegate.setMaxFieldSize(arg0);
  }

  @Override
  public int getMaxRows() throws SQLException {
    return delegate.getMaxRows();
  }

  @Override
  public void setMaxRows(int arg0) throws SQLException {
    delegate.setMaxRows(arg0);
  }

  @Override
  public void setEscapeProcessing(boolean arg0) throws SQLException {
    delegate.setEscapeProcessing(arg0);
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    return delegate.getQueryTimeout();
  }

  @Override
  public void setQueryTimeout(int arg0) throws SQLException {
    delegate.setQueryTimeout(arg0);
  }

  @Override
  public void cancel() throws SQLException {
    delegate.cancel();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return delegate.getWarnings();
  }

  @Override
  public void clearWarnings() throws SQLException {
    delegate.clearWarnings();
  }

  @Override
  public void setCursorName(String arg0) throws SQLException {
    delegate.setCursorName(arg0);
  }

  @Override
  public boolean execute(String arg0) throws SQLException {
    return instrumentation.execute(instrumentation.info(arg0), 0, null, () -> delegate.execute(arg0));
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    return wrap(delegate.getResultSet());
  }

  @Override
  public int getUpdateCount() throws SQLException {
    return delegate.getUpdateCount();
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    return delegate.getMoreResults();
  }

  @Override
  public void setFetchDirection(int arg0) throws SQLException {
    delegate.setFetchDirection(arg0);
  }

  @Override
  public int getFetchDirection() throws SQLException {
    return delegate.getFetchDirection();
  }

  @Override
  public void setFetchSize(int arg0) throws SQLException {
    delegate.setFetchSize(arg0);
  }

  @Override
  public int getFetchSize() throws SQLException {
    return delegate.getFetchSize();
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    return delegate.getResultSetConcurrency();
  }

  @Override
  public int getResultSetType() throws SQLException {
    return delegate.getResultSetType();
  }

  @Override
  public void addBatch(String arg0) throws SQLException {
    delegate.addBatch(arg0);
    addToBatch(instrumentation.info(arg0));
  }

  @Override
  public void clearBatch() throws SQLException {
    delegate.clearBatch();
    batchInfo = null;
    batchSize = 0;
  }

  @Override
  public int[] executeBatch() throws SQLException {
    return instrumentation.execute(takeBatchInfo(), takeBatchSize(), parameters(), () -> delegate.executeBatch());
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connection;
  }

  @Override
  public boolean getMoreResults(int arg0) throws SQLException {
    return delegate.getMoreResults(arg0);
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    return wrap(delegate.getGeneratedKeys());
  }

  @Override
  public int executeUpdate(String arg0, int arg1) throws SQLException {
    return instrumentation.execute(instrumentation.info(arg0), 0, null, () -> delegate.executeUpdate(arg0, arg1));
  }

  @Override
  public int executeUpdate(String arg0, int[] arg1) throws SQLException {
    return instrumentation.execute(instrumentation.info(arg0), 0, null, () -> delegate.executeUpdate(arg0, arg1));
  }

  @Override
  public int executeUpdate(String arg0, String[] arg1) throws SQLException {
    return instrumentation.execute(instrumentation.info(arg0), 0, null, () -> delegate.executeUpdate(arg0, arg1));
  }

  @Override
  public boolean execute(String arg0, int arg1) throws SQLException {
    return instrumentation.execute(instrumentation.info(arg0), 0, null, () -> delegate.execute(arg0, arg1));
  }

  @Override
  public boolean execute(String arg0, int[] arg1) throws SQLException {
    return instrumentation.execute(instrumentation.info(arg0), 0, null, () -> delegate.execute(arg0, arg1));
  }

  @Override
  public boolean execute(String arg0, String[] arg1) throws SQLException {
    return instrumentation.execute(instrumentation.info(arg0), 0, null, () -> delegate.execute(arg0, arg1));
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    return delegate.getResultSetHoldability();
  }

  @Override
  public boolean isClosed() throws SQLException {
    return delegate.isClosed();
  }

  @Override
  public void setPoolable(boolean arg0) throws SQLException {
    delegate.setPoolable(arg0);
  }

  @Override
  public boolean isPoolable() throws SQLException {
    return delegate.isPoolable();
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    delegate.closeOnCompletion();
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    return delegate.isCloseOnCompletion();
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    return delegate.getLargeUpdateCount();
  }

  @Override
  public void setLargeMaxRows(long arg0) throws SQLException {
    delegate.setLargeMaxRows(arg0);
  }

  @Override
  public long getLargeMaxRows() throws SQLException {
    return delegate.getLargeMaxRows();
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    return instrumentation.execute(takeBatchInfo(), takeBatchSize(), parameters(), () -> delegate.executeLargeBatch());
  }

  @Override
  public long executeLargeUpdate(String arg0) throws SQLException {
    return instrumentation.execute(instrumentation.info(arg0), 0, null, () -> delegate.executeLargeUpdate(arg0));
  }

  @Override
  public long executeLargeUpdate(String arg0, int arg1) throws SQLException {
    return instrumentation.execute(instrumentation.info(arg0), 0, null, () -> delegate.executeLargeUpdate(arg0, arg1));
  }

  @Override
  public long executeLargeUpdate(String arg0, int[] arg1) throws SQLException {
    return instrumentation.execute(instrumentation.info(arg0), 0, null, () -> delegate.executeLargeUpdate(arg0, arg1));
  }

  @Override
  public long executeLargeUpdate(String arg0, String[] arg1) throws SQLException {
    return instrumentation.execute(instrumentation.info(arg0), 0, null, () -> delegate.executeLargeUpdate(arg0, arg1));
  }

  @Override
  public String enquoteLiteral(String arg0) throws SQLException {
    return delegate.enquoteLiteral(arg0);
  }

  @Override
  public String enquoteIdentifier(String arg0, boolean arg1) throws SQLException {
    return delegate.enquoteIdentifier(arg0, arg1);
  }

  @Override
  public boolean isSimpleIdentifier(String arg0) throws SQLException {
    return delegate.isSimpleIdentifier(arg0);
  }

  @Override
  public String enquoteNCharLiteral(String arg0) throws SQLException {
    return delegate.enquoteNCharLiteral(arg0);
  }

  @Override
  public <T> T unwrap(Class<T> arg0) throws SQLException {
    if (arg0.isInstance(this)) {
      return arg0.cast(this);
    }
    return delegate.unwrap(arg0);
  }

  @Override
  public boolean isWrapperFor(Class<?> arg0) throws SQLException {
    return arg0.isInstance(this) || delegate.isWrapperFor(arg0);
  }
}
