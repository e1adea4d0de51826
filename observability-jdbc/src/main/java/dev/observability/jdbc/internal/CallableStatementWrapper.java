package dev.observability.jdbc.internal;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A {@link CallableStatement}; executions are measured by {@link PreparedStatementWrapper}.
 *
 * <p>Every method of the interface is implemented here (a test checks it), delegating to the
 * wrapped object; the delegation was generated from the {@code java.sql} interfaces and the few
 * methods that measure, wrap children or return back-references were written by hand. Timing and
 * counting live in {@link JdbcInstrumentation}.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class CallableStatementWrapper extends PreparedStatementWrapper<CallableStatement>
    implements CallableStatement {

  /**
   * Wraps a callable statement.
   *
   * @param delegate the driver's statement
   * @param connection the wrapper of its connection
   * @param instrumentation the measuring
   * @param sql the statement text
   */
  public CallableStatementWrapper(CallableStatement delegate, ConnectionWrapper connection, JdbcInstrumentation instrumentation, String sql) {
    super(delegate, connection, instrumentation, sql);
  }

  @Override
  public void registerOutParameter(int arg0, int arg1) throws SQLException {
    delegate.registerOutParameter(arg0, arg1);
  }

  @Override
  public void registerOutParameter(int arg0, int arg1, int arg2) throws SQLException {
    delegate.registerOutParameter(arg0, arg1, arg2);
  }

  @Override
  public boolean wasNull() throws SQLException {
    return delegate.wasNull();
  }

  @Override
  public String getString(int arg0) throws SQLException {
    return delegate.getString(arg0);
  }

  @Override
  public boolean getBoolean(int arg0) throws SQLException {
    return delegate.getBoolean(arg0);
  }

  @Override
  public byte getByte(int arg0) throws SQLException {
    return delegate.getByte(arg0);
  }

  @Override
  public short getShort(int arg0) throws SQLException {
    return delegate.getShort(arg0);
  }

  @Override
  public int getInt(int arg0) throws SQLException {
    return delegate.getInt(arg0);
  }

  @Override
  public long getLong(int arg0) throws SQLException {
    return delegate.getLong(arg0);
  }

  @Override
  public float getFloat(int arg0) throws SQLException {
    return delegate.getFloat(arg0);
  }

  @Override
  public double getDouble(int arg0) throws SQLException {
    return delegate.getDouble(arg0);
  }

  @Override
  public BigDecimal getBigDecimal(int arg0, int arg1) throws SQLException {
    return delegate.getBigDecimal(arg0, arg1);
  }

  @Override
  public byte[] getBytes(int arg0) throws SQLException {
    return delegate.getBytes(arg0);
  }

  @Override
  public Date getDate(int arg0) throws SQLException {
    return delegate.getDate(arg0);
  }

  @Override
  public Time getTime(int arg0) throws SQLException {
    return delegate.getTime(arg0);
  }

  @Override
  public Timestamp getTimestamp(int arg0) throws SQLException {
    return delegate.getTimestamp(arg0);
  }

  @Override
  public Object getObject(int arg0) throws SQLException {
    return delegate.getObject(arg0);
  }

  @Override
  public BigDecimal getBigDecimal(int arg0) throws SQLException {
    return delegate.getBigDecimal(arg0);
  }

  @Override
  public Object getObject(int arg0, Map<String, Class<?>> arg1) throws SQLException {
    return delegate.getObject(arg0, arg1);
  }

  @Override
  public Ref getRef(int arg0) throws SQLException {
    return delegate.getRef(arg0);
  }

  @Override
  public Blob getBlob(int arg0) throws SQLException {
    return delegate.getBlob(arg0);
  }

  @Override
  public Clob getClob(int arg0) throws SQLException {
    return delegate.getClob(arg0);
  }

  @Override
  public Array getArray(int arg0) throws SQLException {
    return delegate.getArray(arg0);
  }

  @Override
  public Date getDate(int arg0, Calendar arg1) throws SQLException {
    return delegate.getDate(arg0, arg1);
  }

  @Override
  public Time getTime(int arg0, Calendar arg1) throws SQLException {
    return delegate.getTime(arg0, arg1);
  }

  @Override
  public Timestamp getTimestamp(int arg0, Calendar arg1) throws SQLException {
    return delegate.getTimestamp(arg0, arg1);
  }

  @Override
  public void registerOutParameter(int arg0, int arg1, String arg2) throws SQLException {
    delegate.registerOutParameter(arg0, arg1, arg2);
  }

  @Override
  public void registerOutParameter(String arg0, int arg1) throws SQLException {
    delegate.registerOutParameter(arg0, arg1);
  }

  @Override
  public void registerOutParameter(String arg0, int arg1, int arg2) throws SQLException {
    delegate.registerOutParameter(arg0, arg1, arg2);
  }

  @Override
  public void registerOutParameter(String arg0, int arg1, String arg2) throws SQLException {
    delegate.registerOutParameter(arg0, arg1, arg2);
  }

  @Override
  public URL getURL(int arg0) throws SQLException {
    return delegate.getURL(arg0);
  }

  @Override
  public void setURL(String arg0, URL arg1) throws SQLException {
    delegate.setURL(arg0, arg1);
  }

  @Override
  public void setNull(String arg0, int arg1) throws SQLException {
    delegate.setNull(arg0, arg1);
  }

  @Override
  public void setBoolean(String arg0, boolean arg1) throws SQLException {
    delegate.setBoolean(arg0, arg1);
  }

  @Override
  public void setByte(String arg0, byte arg1) throws SQLException {
    delegate.setByte(arg0, arg1);
  }

  @Override
  public void setShort(String arg0, short arg1) throws SQLException {
    delegate.setShort(arg0, arg1);
  }

  @Override
  public void setInt(String arg0, int arg1) throws SQLException {
    delegate.setInt(arg0, arg1);
  }

  @Override
  public void setLong(String arg0, long arg1) throws SQLException {
    delegate.setLong(arg0, arg1);
  }

  @Override
  public void setFloat(String arg0, float arg1) throws SQLException {
    delegate.setFloat(arg0, arg1);
  }

  @Override
  public void setDouble(String arg0, double arg1) throws SQLException {
    delegate.setDouble(arg0, arg1);
  }

  @Override
  public void setBigDecimal(String arg0, BigDecimal arg1) throws SQLException {
    delegate.setBigDecimal(arg0, arg1);
  }

  @Override
  public void setString(String arg0, String arg1) throws SQLException {
    delegate.setString(arg0, arg1);
  }

  @Override
  public void setBytes(String arg0, byte[] arg1) throws SQLException {
    delegate.setBytes(arg0, arg1);
  }

  @Override
  public void setDate(String arg0, Date arg1) throws SQLException {
    delegate.setDate(arg0, arg1);
  }

  @Override
  public void setTime(String arg0, Time arg1) throws SQLException {
    delegate.setTime(arg0, arg1);
  }

  @Override
  public void setTimestamp(String arg0, Timestamp arg1) throws SQLException {
    delegate.setTimestamp(arg0, arg1);
  }

  @Override
  public void setAsciiStream(String arg0, InputStream arg1, int arg2) throws SQLException {
    delegate.setAsciiStream(arg0, arg1, arg2);
  }

  @Override
  public void setBinaryStream(String arg0, InputStream arg1, int arg2) throws SQLException {
    delegate.setBinaryStream(arg0, arg1, arg2);
  }

  @Override
  public void setObject(String arg0, Object arg1, int arg2, int arg3) throws SQLException {
    delegate.setObject(arg0, arg1, arg2, arg3);
  }

  @Override
  public void setObject(String arg0, Object arg1, int arg2) throws SQLException {
    delegate.setObject(arg0, arg1, arg2);
  }

  @Override
  public void setObject(String arg0, Object arg1) throws SQLException {
    delegate.setObject(arg0, arg1);
  }

  @Override
  public void setCharacterStream(String arg0, Reader arg1, int arg2) throws SQLException {
    delegate.setCharacterStream(arg0, arg1, arg2);
  }

  @Override
  public void setDate(String arg0, Date arg1, Calendar arg2) throws SQLException {
    delegate.setDate(arg0, arg1, arg2);
  }

  @Override
  public void setTime(String arg0, Time arg1, Calendar arg2) throws SQLException {
    delegate.setTime(arg0, arg1, arg2);
  }

  @Override
  public void setTimestamp(String arg0, Timestamp arg1, Calendar arg2) throws SQLException {
    delegate.setTimestamp(arg0, arg1, arg2);
  }

  @Override
  public void setNull(String arg0, int arg1, String arg2) throws SQLException {
    delegate.setNull(arg0, arg1, arg2);
  }

  @Override
  public String getString(String arg0) throws SQLException {
    return delegate.getString(arg0);
  }

  @Override
  public boolean getBoolean(String arg0) throws SQLException {
    return delegate.getBoolean(arg0);
  }

  @Override
  public byte getByte(String arg0) throws SQLException {
    return delegate.getByte(arg0);
  }

  @Override
  public short getShort(String arg0) throws SQLException {
    return delegate.getShort(arg0);
  }

  @Override
  public int getInt(String arg0) throws SQLException {
    return delegate.getInt(arg0);
  }

  @Override
  public long getLong(String arg0) throws SQLException {
    return delegate.getLong(arg0);
  }

  @Override
  public float getFloat(String arg0) throws SQLException {
    return delegate.getFloat(arg0);
  }

  @Override
  public double getDouble(String arg0) throws SQLException {
    return delegate.getDouble(arg0);
  }

  @Override
  public byte[] getBytes(String arg0) throws SQLException {
    return delegate.getBytes(arg0);
  }

  @Override
  public Date getDate(String arg0) throws SQLException {
    return delegate.getDate(arg0);
  }

  @Override
  public Time getTime(String arg0) throws SQLException {
    return delegate.getTime(arg0);
  }

  @Override
  public Timestamp getTimestamp(String arg0) throws SQLException {
    return delegate.getTimestamp(arg0);
  }

  @Override
  public Object getObject(String arg0) throws SQLException {
    return delegate.getObject(arg0);
  }

  @Override
  public BigDecimal getBigDecimal(String arg0) throws SQLException {
    return delegate.getBigDecimal(arg0);
  }

  @Override
  public Object getObject(String arg0, Map<String, Class<?>> arg1) throws SQLException {
    return delegate.getObject(arg0, arg1);
  }

  @Override
  public Ref getRef(String arg0) throws SQLException {
    return delegate.getRef(arg0);
  }

  @Override
  public Blob getBlob(String arg0) throws SQLException {
    return delegate.getBlob(arg0);
  }

  @Override
  public Clob getClob(String arg0) throws SQLException {
    return delegate.getClob(arg0);
  }

  @Override
  public Array getArray(String arg0) throws SQLException {
    return delegate.getArray(arg0);
  }

  @Override
  public Date getDate(String arg0, Calendar arg1) throws SQLException {
    return delegate.getDate(arg0, arg1);
  }

  @Override
  public Time getTime(String arg0, Calendar arg1) throws SQLException {
    return delegate.getTime(arg0, arg1);
  }

  @Override
  public Timestamp getTimestamp(String arg0, Calendar arg1) throws SQLException {
    return delegate.getTimestamp(arg0, arg1);
  }

  @Override
  public URL getURL(String arg0) throws SQLException {
    return delegate.getURL(arg0);
  }

  @Override
  public RowId getRowId(int arg0) throws SQLException {
    return delegate.getRowId(arg0);
  }

  @Override
  public RowId getRowId(String arg0) throws SQLException {
    return delegate.getRowId(arg0);
  }

  @Override
  public void setRowId(String arg0, RowId arg1) throws SQLException {
    delegate.setRowId(arg0, arg1);
  }

  @Override
  public void setNString(String arg0, String arg1) throws SQLException {
    delegate.setNString(arg0, arg1);
  }

  @Override
  public void setNCharacterStream(String arg0, Reader arg1, long arg2) throws SQLException {
    delegate.setNCharacterStream(arg0, arg1, arg2);
  }

  @Override
  public void setNClob(String arg0, NClob arg1) throws SQLException {
    delegate.setNClob(arg0, arg1);
  }

  @Override
  public void setClob(String arg0, Reader arg1, long arg2) throws SQLException {
    delegate.setClob(arg0, arg1, arg2);
  }

  @Override
  public void setBlob(String arg0, InputStream arg1, long arg2) throws SQLException {
    delegate.setBlob(arg0, arg1, arg2);
  }

  @Override
  public void setNClob(String arg0, Reader arg1, long arg2) throws SQLException {
    delegate.setNClob(arg0, arg1, arg2);
  }

  @Override
  public NClob getNClob(int arg0) throws SQLException {
    return delegate.getNClob(arg0);
  }

  @Override
  public NClob getNClob(String arg0) throws SQLException {
    return delegate.getNClob(arg0);
  }

  @Override
  public void setSQLXML(String arg0, SQLXML arg1) throws SQLException {
    delegate.setSQLXML(arg0, arg1);
  }

  @Override
  public SQLXML getSQLXML(int arg0) throws SQLException {
    return delegate.getSQLXML(arg0);
  }

  @Override
  public SQLXML getSQLXML(String arg0) throws SQLException {
    return delegate.getSQLXML(arg0);
  }

  @Override
  public String getNString(int arg0) throws SQLException {
    return delegate.getNString(arg0);
  }

  @Override
  public String getNString(String arg0) throws SQLException {
    return delegate.getNString(arg0);
  }

  @Override
  public Reader getNCharacterStream(int arg0) throws SQLException {
    return delegate.getNCharacterStream(arg0);
  }

  @Override
  public Reader getNCharacterStream(String arg0) throws SQLException {
    return delegate.getNCharacterStream(arg0);
  }

  @Override
  public Reader getCharacterStream(int arg0) throws SQLException {
    return delegate.getCharacterStream(arg0);
  }

  @Override
  public Reader getCharacterStream(String arg0) throws SQLException {
    return delegate.getCharacterStream(arg0);
  }

  @Override
  public void setBlob(String arg0, Blob arg1) throws SQLException {
    delegate.setBlob(arg0, arg1);
  }

  @Override
  public void setClob(String arg0, Clob arg1) throws SQLException {
    delegate.setClob(arg0, arg1);
  }

  @Override
  public void setAsciiStream(String arg0, InputStream arg1, long arg2) throws SQLException {
    delegate.setAsciiStream(arg0, arg1, arg2);
  }

  @Override
  public void setBinaryStream(String arg0, InputStream arg1, long arg2) throws SQLException {
    delegate.setBinaryStream(arg0, arg1, arg2);
  }

  @Override
  public void setCharacterStream(String arg0, Reader arg1, long arg2) throws SQLException {
    delegate.setCharacterStream(arg0, arg1, arg2);
  }

  @Override
  public void setAsciiStream(String arg0, InputStream arg1) throws SQLException {
    delegate.setAsciiStream(arg0, arg1);
  }

  @Override
  public void setBinaryStream(String arg0, InputStream arg1) throws SQLException {
    delegate.setBinaryStream(arg0, arg1);
  }

  @Override
  public void setCharacterStream(String arg0, Reader arg1) throws SQLException {
    delegate.setCharacterStream(arg0, arg1);
  }

  @Override
  public void setNCharacterStream(String arg0, Reader arg1) throws SQLException {
    delegate.setNCharacterStream(arg0, arg1);
  }

  @Override
  public void setClob(String arg0, Reader arg1) throws SQLException {
    delegate.setClob(arg0, arg1);
  }

  @Override
  public void setBlob(String arg0, InputStream arg1) throws SQLException {
    delegate.setBlob(arg0, arg1);
  }

  @Override
  public void setNClob(String arg0, Reader arg1) throws SQLException {
    delegate.setNClob(arg0, arg1);
  }

  @Override
  public <T> T getObject(int arg0, Class<T> arg1) throws SQLException {
    return delegate.getObject(arg0, arg1);
  }

  @Override
  public <T> T getObject(String arg0, Class<T> arg1) throws SQLException {
    return delegate.getObject(arg0, arg1);
  }

  @Override
  public void setObject(String arg0, Object arg1, SQLType arg2, int arg3) throws SQLException {
    delegate.setObject(arg0, arg1, arg2, arg3);
  }

  @Override
  public void setObject(String arg0, Object arg1, SQLType arg2) throws SQLException {
    delegate.setObject(arg0, arg1, arg2);
  }

  @Override
  public void registerOutParameter(int arg0, SQLType arg1) throws SQLException {
    delegate.registerOutParameter(arg0, arg1);
  }

  @Override
  public void registerOutParameter(int arg0, SQLType arg1, int arg2) throws SQLException {
    delegate.registerOutParameter(arg0, arg1, arg2);
  }

  @Override
  public void registerOutParameter(int arg0, SQLType arg1, String arg2) throws SQLException {
    delegate.registerOutParameter(arg0, arg1, arg2);
  }

  @Override
  public void registerOutParameter(String arg0, SQLType arg1) throws SQLException {
    delegate.registerOutParameter(arg0, arg1);
  }

  @Override
  public void registerOutParameter(String arg0, SQLType arg1, int arg2) throws SQLException {
    delegate.registerOutParameter(arg0, arg1, arg2);
  }

  @Override
  public void registerOutParameter(String arg0, SQLType arg1, String arg2) throws SQLException {
    delegate.registerOutParameter(arg0, arg1, arg2);
  }
}
