package dev.observability.jdbc.internal;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Connection} whose statements are measured and whose children are wrapped too.
 *
 * <p>Every method of the interface is implemented here (a test checks it), delegating to the
 * wrapped object; the delegation was generated from the {@code java.sql} interfaces and the few
 * methods that measure, wrap children or return back-references were written by hand. Timing and
 * counting live in {@link JdbcInstrumentation}.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class ConnectionWrapper implements Connection {

  private final Connection delegate;
  private final JdbcInstrumentation instrumentation;
  private final Runnable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();
  /**
   * Guarded by itself. A list rather than a concurrent set: statements are nearly always closed
   * last-opened-first, so removal finds them at the end, and nothing is allocated per statement.
   */
  private final List<StatementWrapper<?>> openStatements = new ArrayList<>(4);

  /**
   * Wraps a connection.
   *
   * @param delegate the driver's connection
   * @param instrumentation the measuring
   * @param onClose run once when the connection is closed, or {@code null}
   */
  public ConnectionWrapper(Connection delegate, JdbcInstrumentation instrumentation, Runnable onClose) {
    this.delegate = delegate;
    this.instrumentation = instrumentation;
    this.onClose = onClose;
  }

  void opened(StatementWrapper<?> statement) {
    synchronized (openStatements) {
      openStatements.add(statement);
    }
  }

  void closed(StatementWrapper<?> statement) {
    synchronized (openStatements) {
      for (int i = openStatements.size() - 1; i >= 0; i--) {
        if (openStatements.get(i) == statement) {
          openStatements.remove(i);
          return;
        }
      }
    }
  }

  /** How many statements are open; for tests. */
  int openStatementCount() {
    synchronized (openStatements) {
      return openStatements.size();
    }
  }

  private void closeOpenStatements() {
    List<StatementWrapper<?>> open;
    synchronized (openStatements) {
      open = new ArrayList<>(openStatements);
    }
    for (StatementWrapper<?> statement : open) {
      try {
        statement.close();
      } catch (SQLException | RuntimeException ignored) {
        // closing the connection below releases it anyway
      }
    }
    synchronized (openStatements) {
      openStatements.clear();
    }
  }

  @Override
  public Statement createStatement() throws SQLException {
    return new StatementWrapper<>(delegate.createStatement(), this, instrumentation);
  }

  @Override
  public PreparedStatement prepareStatement(String arg0) throws SQLException {
    return new PreparedStatementWrapper<>(delegate.prepareStatement(arg0), this, instrumentation, arg0);
  }

  @Override
  public CallableStatement prepareCall(String arg0) throws SQLException {
    return new CallableStatementWrapper(delegate.prepareCall(arg0), this, instrumentation, arg0);
  }

  @Override
  public String nativeSQL(String arg0) throws SQLException {
    return delegate.nativeSQL(arg0);
  }

  @Override
  public void setAutoCommit(boolean arg0) throws SQLException {
    delegate.setAutoCommit(arg0);
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    return delegate.getAutoCommit();
  }

  @Override
  public void commit() throws SQLException {
    delegate.commit();
  }

  @Override
  public void rollback() throws SQLException {
    delegate.rollback();
  }

  @Override
  public void close() throws SQLException {
    // Drivers need not mark their statements closed when the connection closes; we do, and drop
    // our references to them, so nothing is retained past the connection.
    try {
      closeOpenStatements();
      delegate.close();
    } finally {
      if (closed.compareAndSet(false, true) && onClose != null) {
        onClose.run();
      }
    }
  }

  @Override
  public boolean isClosed() throws SQLException {
    return delegate.isClosed();
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    DatabaseMetaData metaData = delegate.getMetaData();
    return metaData == null ? null : new DatabaseMetaDataWrapper(metaData, this);
  }

  @Override
  public void setReadOnly(boolean arg0) throws SQLException {
    delegate.setReadOnly(arg0);
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return delegate.isReadOnly();
  }

  @Override
  public void setCatalog(String arg0) throws SQLException {
    delegate.setCatalog(arg0);
  }

  @Override
  public String getCatalog() throws SQLException {
    return delegate.getCatalog();
  }

  @Override
  public void setTransactionIsolation(int arg0) throws SQLException {
    delegate.setTransactionIsolation(arg0);
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    return delegate.getTransactionIsolation();
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
  public Statement createStatement(int arg0, int arg1) throws SQLException {
    return new StatementWrapper<>(delegate.createStatement(arg0, arg1), this, instrumentation);
  }

  @Override
  public PreparedStatement prepareStatement(String arg0, int arg1, int arg2) throws SQLException {
    return new PreparedStatementWrapper<>(delegate.prepareStatement(arg0, arg1, arg2), this, instrumentation, arg0);
  }

  @Override
  public CallableStatement prepareCall(String arg0, int arg1, int arg2) throws SQLException {
    return new CallableStatementWrapper(delegate.prepareCall(arg0, arg1, arg2), this, instrumentation, arg0);
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    return delegate.getTypeMap();
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> arg0) throws SQLException {
    delegate.setTypeMap(arg0);
  }

  @Override
  public void setHoldability(int arg0) throws SQLException {
    delegate.setHoldability(arg0);
  }

  @Override
  public int getHoldability() throws SQLException {
    return delegate.getHoldability();
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return delegate.setSavepoint();
  }

  @Override
  public Savepoint setSavepoint(String arg0) throws SQLException {
    return delegate.setSavepoint(arg0);
  }

  @Override
  public void rollback(Savepoint arg0) throws SQLException {
    delegate.rollback(arg0);
  }

  @Override
  public void releaseSavepoint(Savepoint arg0) throws SQLException {
    delegate.releaseSavepoint(arg0);
  }

  @Override
  public Statement createStatement(int arg0, int arg1, int arg2) throws SQLException {
    return new StatementWrapper<>(delegate.createStatement(arg0, arg1, arg2), this, instrumentation);
  }

  @Override
  public PreparedStatement prepareStatement(String arg0, int arg1, int arg2, int arg3) throws SQLException {
    return new PreparedStatementWrapper<>(delegate.prepareStatement(arg0, arg1, arg2, arg3), this, instrumentation, arg0);
  }

  @Override
  public CallableStatement prepareCall(String arg0, int arg1, int arg2, int arg3) throws SQLException {
    return new CallableStatementWrapper(delegate.prepareCall(arg0, arg1, arg2, arg3), this, instrumentation, arg0);
  }

  @Override
  public PreparedStatement prepareStatement(String arg0, int arg1) throws SQLException {
    return new PreparedStatementWrapper<>(delegate.prepareStatement(arg0, arg1), this, instrumentation, arg0);
  }

  @Override
  public PreparedStatement prepareStatement(String arg0, int[] arg1) throws SQLException {
    return new PreparedStatementWrapper<>(delegate.prepareStatement(arg0, arg1), this, instrumentation, arg0);
  }

  @Override
  public PreparedStatement prepareStatement(String arg0, String[] arg1) throws SQLException {
    return new PreparedStatementWrapper<>(delegate.prepareStatement(arg0, arg1), this, instrumentation, arg0);
  }

  @Override
  public Clob createClob() throws SQLException {
    return delegate.createClob();
  }

  @Override
  public Blob createBlob() throws SQLException {
    return delegate.createBlob();
  }

  @Override
  public NClob createNClob() throws SQLException {
    return delegate.createNClob();
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    return delegate.createSQLXML();
  }

  @Override
  public boolean isValid(int arg0) throws SQLException {
    return delegate.isValid(arg0);
  }

  @Override
  public void setClientInfo(String arg0, String arg1) throws SQLClientInfoException {
    delegate.setClientInfo(arg0, arg1);
  }

  @Override
  public void setClientInfo(Properties arg0) throws SQLClientInfoException {
    delegate.setClientInfo(arg0);
  }

  @Override
  public String getClientInfo(String arg0) throws SQLException {
    return delegate.getClientInfo(arg0);
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    return delegate.getClientInfo();
  }

  @Override
  public Array createArrayOf(String arg0, Object[] arg1) throws SQLException {
    return delegate.createArrayOf(arg0, arg1);
  }

  @Override
  public Struct createStruct(String arg0, Object[] arg1) throws SQLException {
    return delegate.createStruct(arg0, arg1);
  }

  @Override
  public void setSchema(String arg0) throws SQLException {
    delegate.setSchema(arg0);
  }

  @Override
  public String getSchema() throws SQLException {
    return delegate.getSchema();
  }

  @Override
  public void abort(Executor arg0) throws SQLException {
    delegate.abort(arg0);
  }

  @Override
  public void setNetworkTimeout(Executor arg0, int arg1) throws SQLException {
    delegate.setNetworkTimeout(arg0, arg1);
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    return delegate.getNetworkTimeout();
  }

  @Override
  public void beginRequest() throws SQLException {
    delegate.beginRequest();
  }

  @Override
  public void endRequest() throws SQLException {
    delegate.endRequest();
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey arg0, ShardingKey arg1, int arg2) throws SQLException {
    return delegate.setShardingKeyIfValid(arg0, arg1, arg2);
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey arg0, int arg1) throws SQLException {
    return delegate.setShardingKeyIfValid(arg0, arg1);
  }

  @Override
  public void setShardingKey(ShardingKey arg0, ShardingKey arg1) throws SQLException {
    delegate.setShardingKey(arg0, arg1);
  }

  @Override
  public void setShardingKey(ShardingKey arg0) throws SQLException {
    delegate.setShardingKey(arg0);
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
