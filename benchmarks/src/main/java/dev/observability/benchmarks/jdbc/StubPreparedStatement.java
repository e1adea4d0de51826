package dev.observability.benchmarks.jdbc;

import java.sql.*;

/**
 * A statement whose every query returns one row of one column, {@code "one"}, and whose every
 * update counts one row.
 *
 * <p>Part of the stub driver: the floor of the JDBC benchmarks without a database's own work.
 * Written out from the interface; what the benchmarks and the wrappers never call answers null,
 * zero or false.
 */
@SuppressWarnings({"deprecation", "unchecked"})
final class StubPreparedStatement implements PreparedStatement {
  private final StubConnection connection;
  private boolean closed;

  StubPreparedStatement(StubConnection connection) {
    this.connection = connection;
  }

  @Override
  public void addBatch() throws SQLException {
    // nothing to do
  }

  @Override
  public void addBatch(String a0) throws SQLException {
    // nothing to do
  }

  @Override
  public void cancel() throws SQLException {
    // nothing to do
  }

  @Override
  public void clearBatch() throws SQLException {
    // nothing to do
  }

  @Override
  public void clearParameters() throws SQLException {
    // nothing to do
  }

  @Override
  public void clearWarnings() throws SQLException {
    // nothing to do
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    // nothing to do
  }

  @Override
  public void close() throws SQLException {
    closed = true;
  }

  @Override
  public int[] executeBatch() throws SQLException {
    return new int[0];
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    return new StubResultSet(this);
  }

  @Override
  public ResultSet executeQuery(String a0) throws SQLException {
    return new StubResultSet(this);
  }

  @Override
  public int executeUpdate() throws SQLException {
    return 1;
  }

  @Override
  public int executeUpdate(String a0, int[] a1) throws SQLException {
    return 1;
  }

  @Override
  public int executeUpdate(String a0, String[] a1) throws SQLException {
    return 1;
  }

  @Override
  public int executeUpdate(String a0, int a1) throws SQLException {
    return 1;
  }

  @Override
  public int executeUpdate(String a0) throws SQLException {
    return 1;
  }

  @Override
  public boolean execute() throws SQLException {
    return true;
  }

  @Override
  public boolean execute(String a0, int[] a1) throws SQLException {
    return true;
  }

  @Override
  public boolean execute(String a0, String[] a1) throws SQLException {
    return true;
  }

  @Override
  public boolean execute(String a0, int a1) throws SQLException {
    return true;
  }

  @Override
  public boolean execute(String a0) throws SQLException {
    return true;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connection;
  }

  @Override
  public int getFetchDirection() throws SQLException {
    return 0;
  }

  @Override
  public int getFetchSize() throws SQLException {
    return 0;
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    return null;
  }

  @Override
  public int getMaxFieldSize() throws SQLException {
    return 0;
  }

  @Override
  public int getMaxRows() throws SQLException {
    return 0;
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    return null;
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    return false;
  }

  @Override
  public boolean getMoreResults(int a0) throws SQLException {
    return false;
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    return null;
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    return 0;
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    return ResultSet.CONCUR_READ_ONLY;
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    return 0;
  }

  @Override
  public int getResultSetType() throws SQLException {
    return ResultSet.TYPE_FORWARD_ONLY;
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    return new StubResultSet(this);
  }

  @Override
  public int getUpdateCount() throws SQLException {
    return -1;
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return null;
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    return false;
  }

  @Override
  public boolean isClosed() throws SQLException {
    return closed;
  }

  @Override
  public boolean isPoolable() throws SQLException {
    return false;
  }

  @Override
  public boolean isWrapperFor(Class<?> a0) throws SQLException {
    return a0.isInstance(this);
  }

  @Override
  public void setArray(int a0, Array a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setAsciiStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
    // nothing to do
  }

  @Override
  public void setAsciiStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
    // nothing to do
  }

  @Override
  public void setAsciiStream(int a0, java.io.InputStream a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setBigDecimal(int a0, java.math.BigDecimal a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setBinaryStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
    // nothing to do
  }

  @Override
  public void setBinaryStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
    // nothing to do
  }

  @Override
  public void setBinaryStream(int a0, java.io.InputStream a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setBlob(int a0, java.io.InputStream a1, long a2) throws SQLException {
    // nothing to do
  }

  @Override
  public void setBlob(int a0, java.io.InputStream a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setBlob(int a0, Blob a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setBoolean(int a0, boolean a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setByte(int a0, byte a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setBytes(int a0, byte[] a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setCharacterStream(int a0, java.io.Reader a1, int a2) throws SQLException {
    // nothing to do
  }

  @Override
  public void setCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
    // nothing to do
  }

  @Override
  public void setCharacterStream(int a0, java.io.Reader a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setClob(int a0, java.io.Reader a1, long a2) throws SQLException {
    // nothing to do
  }

  @Override
  public void setClob(int a0, java.io.Reader a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setClob(int a0, Clob a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setCursorName(String a0) throws SQLException {
    // nothing to do
  }

  @Override
  public void setDate(int a0, Date a1, java.util.Calendar a2) throws SQLException {
    // nothing to do
  }

  @Override
  public void setDate(int a0, Date a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setDouble(int a0, double a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setEscapeProcessing(boolean a0) throws SQLException {
    // nothing to do
  }

  @Override
  public void setFetchDirection(int a0) throws SQLException {
    // nothing to do
  }

  @Override
  public void setFetchSize(int a0) throws SQLException {
    // nothing to do
  }

  @Override
  public void setFloat(int a0, float a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setInt(int a0, int a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setLong(int a0, long a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setMaxFieldSize(int a0) throws SQLException {
    // nothing to do
  }

  @Override
  public void setMaxRows(int a0) throws SQLException {
    // nothing to do
  }

  @Override
  public void setNCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
    // nothing to do
  }

  @Override
  public void setNCharacterStream(int a0, java.io.Reader a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setNClob(int a0, java.io.Reader a1, long a2) throws SQLException {
    // nothing to do
  }

  @Override
  public void setNClob(int a0, java.io.Reader a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setNClob(int a0, NClob a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setNString(int a0, String a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setNull(int a0, int a1, String a2) throws SQLException {
    // nothing to do
  }

  @Override
  public void setNull(int a0, int a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setObject(int a0, Object a1, int a2, int a3) throws SQLException {
    // nothing to do
  }

  @Override
  public void setObject(int a0, Object a1, int a2) throws SQLException {
    // nothing to do
  }

  @Override
  public void setObject(int a0, Object a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setPoolable(boolean a0) throws SQLException {
    // nothing to do
  }

  @Override
  public void setQueryTimeout(int a0) throws SQLException {
    // nothing to do
  }

  @Override
  public void setRef(int a0, Ref a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setRowId(int a0, RowId a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setSQLXML(int a0, SQLXML a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setShort(int a0, short a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setString(int a0, String a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setTime(int a0, Time a1, java.util.Calendar a2) throws SQLException {
    // nothing to do
  }

  @Override
  public void setTime(int a0, Time a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setTimestamp(int a0, Timestamp a1, java.util.Calendar a2) throws SQLException {
    // nothing to do
  }

  @Override
  public void setTimestamp(int a0, Timestamp a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setURL(int a0, java.net.URL a1) throws SQLException {
    // nothing to do
  }

  @Override
  public void setUnicodeStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
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
