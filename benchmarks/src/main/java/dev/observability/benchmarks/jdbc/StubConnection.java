package dev.observability.benchmarks.jdbc;

import java.sql.*;

/**
 * A connection that prepares {@link StubPreparedStatement}s.
 *
 * <p>Part of the stub driver: the floor of the JDBC benchmarks without a database's own work.
 * Written out from the interface; what the benchmarks and the wrappers never call answers null,
 * zero or false.
 */
@SuppressWarnings({"deprecation", "unchecked"})
final class StubConnection implements Connection {
  private final StubDataSource dataSource;
  private boolean closed;

  StubConnection(StubDataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void abort(java.util.concurrent.Executor a0) throws SQLException {
    // nothing to do
  }

  @Override
  public void clearWarnings() throws SQLException {
    // nothing to do
  }

  @Override
  public void close() throws SQLException {
    closed = true;
  }

  @Override
  public void commit() throws SQLException {
    // nothing to do
  }

  @Override
  public Array createArrayOf(String a0, Object[] a1) throws SQLException {
    return null;
  }

  @Override
  public Blob createBlob() throws SQLException {
    return null;
  }

  @Override
  public Clob createClob() throws SQLException {
    return null;
  }

  @Override
  public NClob createNClob() throws SQLException {
    return null;
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    return null;
  }

  @Override
  public Statement createStatement() throws SQLException {
    return new StubPreparedStatement(this);
  }

  @Override
  public Statement createStatement(int a0, int a1, int a2) throws SQLException {
    return null;
  }

  @Override
  public Statement createStatement(int a0, int a1) throws SQLException {
    return null;
  }

  @Override
  public Struct createStruct(String a0, Object[] a1) throws SQLException {
    return null;
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    return true;
  }

  @Override
  public String getCatalog() throws SQLException {
    return "bench";
  }

  @Override
  public java.util.Properties getClientInfo() throws SQLException {
    return null;
  }

  @Override
  public String getClientInfo(String a0) throws SQLException {
    return null;
  }

  @Override
  public int getHoldability() throws SQLException {
    return ResultSet.CLOSE_CURSORS_AT_COMMIT;
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    return new StubDatabaseMetaData(this);
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    return 0;
  }

  @Override
  public String getSchema() throws SQLException {
    return "public";
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    return Connection.TRANSACTION_READ_COMMITTED;
  }

  @Override
  public java.util.Map<String, Class<?>> getTypeMap() throws SQLException {
    return null;
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return null;
  }

  @Override
  public boolean isClosed() throws SQLException {
    return closed;
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return false;
  }

  @Override
  public boolean isValid(int a0) throws SQLException {
    return !closed;
  }

  @Override
  public boolean isWrapperFor(Class<?> a0) throws SQLException {
    return a0.isInstance(this);
  }

  @Override
  public String nativeSQL(String a0) throws SQLException {
    return a0;
  }

  @Override
  public CallableStatement prepareCall(String a0, int a1, int a2, int a3) throws SQLException {
    return null;
  }

  @Override
  public CallableStatement prepareCall(String a0, int a1, int a2) throws SQLException {
    return null;
  }

  @Override
  public CallableStatement prepareCall(String a0) throws SQLException {
    return null;
  }

  @Override
  public PreparedStatement prepareStatement(String a0, int[] a1) throws SQLException {
    return new StubPreparedStatement(this);
  }

  @Override
  public PreparedStatement prepareStatement(String a0, String[] a1) throws SQLException {
    return new StubPreparedStatement(this);
  }

  @Override
  public PreparedStatement prepareStatement(String a0, int a1, int a2, int a3) throws SQLException {
    return new StubPreparedStatement(this);
  }

  @Override
  public PreparedStatement prepareStatement(String a0, int a1, int a2) throws SQLException {
    return new StubPreparedStatement(this);
  }

  @Override
  public PreparedStatement prepareStatement(String a0, int a1) throws SQLException {
    return new StubPreparedStatement(this);
  }

  @Override
  public PreparedStatement prepareStatement(String a0) throws SQLException {
    return new StubPreparedStatement(this);
  }

  @Override
  public void releaseSavepoint(Savepoint a0) throws SQLException {
    // nothing to do
  }

  @Override
  public void rollback() throws SQLException {
    // nothing to do
  }

  @Override
  public void rollback(Savepoint a0) throws SQLException {
    // nothing to do
  }

  @Override
  public void setAutoCommit(boolean a0) throws SQLException {
    // nothing to do
  }

  @Override
  public void setCatalog(String a0) throws SQLException {
    // nothing to do
  }

  @Override
  public void setClientInfo(String a0, String a1) throws SQLClientInfoException {
    // nothing to do
  }

  @Override
  public void setClientInfo(java.util.Properties a0) throws SQLClientInfoException {
    // nothing to do
  }

  @Override
  public void setHoldability(int a0) throws SQLException {
    // nothing to do
  }

  @Override
  public void setNetworkTimeout(java.util.concurrent.Executor a0, int a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setReadOnly(boolean a0) throws SQLException {
    // nothing to do
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return null;
  }

  @Override
  public Savepoint setSavepoint(String a0) throws SQLException {
    return null;
  }

  @Override
  public void setSchema(String a0) throws SQLException {
    // nothing to do
  }

  @Override
  public void setTransactionIsolation(int a0) throws SQLException {
    // nothing to do
  }

  @Override
  public void setTypeMap(java.util.Map<String, Class<?>> a0) throws SQLException {
    // nothing to do
  }

  @Override
  public <T> T unwrap(Class<T> a0) throws SQLException {
    if (a0.isInstance(this)) {
      return (T) this;
    }
    throw new SQLException("not a wrapper for " + a0);
  }
}
