package dev.observability.jdbc.internal;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A {@link PreparedStatement} measured under its sanitized SQL, analysed once when prepared.
 *
 * <p>Every method of the interface is implemented here (a test checks it), delegating to the
 * wrapped object; the delegation was generated from the {@code java.sql} interfaces and the few
 * methods that measure, wrap children or return back-references were written by hand. Timing and
 * counting live in {@link JdbcInstrumentation}.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public class PreparedStatementWrapper<S extends PreparedStatement> extends StatementWrapper<S>
    implements PreparedStatement {

  /** The analysed statement text. */
  protected final SqlInfo info;
  /** Captured parameter values, or {@code null} unless the user opted in. */
  protected final Parameters parameters;

  /**
   * Wraps a prepared statement.
   *
   * @param delegate the driver's statement
   * @param connection the wrapper of its connection
   * @param instrumentation the measuring
   * @param sql the statement text
   */
  public PreparedStatementWrapper(S delegate, ConnectionWrapper connection, JdbcInstrumentation instrumentation, String sql) {
    super(delegate, connection, instrumentation);
    this.info = instrumentation.info(sql);
    this.parameters = instrumentation.capturesParameters() ? new Parameters() : null;
  }

  @Override
  protected final Parameters parameters() {
    return parameters;
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
  public void setNull(int arg0, int arg1) throws SQLException {
    delegate.setNull(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, null);
    }
  }

  @Override
  public void setBoolean(int arg0, boolean arg1) throws SQLException {
    delegate.setBoolean(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public void setByte(int arg0, byte arg1) throws SQLException {
    delegate.setByte(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public void setShort(int arg0, short arg1) throws SQLException {
    delegate.setShort(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public void setInt(int arg0, int arg1) throws SQLException {
    delegate.setInt(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public void setLong(int arg0, long arg1) throws SQLException {
    delegate.setLong(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public void setFloat(int arg0, float arg1) throws SQLException {
    delegate.setFloat(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public void setDouble(int arg0, double arg1) throws SQLException {
    delegate.setDouble(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public void setBigDecimal(int arg0, BigDecimal arg1) throws SQLException {
    delegate.setBigDecimal(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public void setString(int arg0, String arg1) throws SQLException {
    delegate.setString(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public void setBytes(int arg0, byte[] arg1) throws SQLException {
    delegate.setBytes(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, "<byte[]>");
    }
  }

  @Override
  public void setDate(int arg0, Date arg1) throws SQLException {
    delegate.setDate(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public void setTime(int arg0, Time arg1) throws SQLException {
    delegate.setTime(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public void setTimestamp(int arg0, Timestamp arg1) throws SQLException {
    delegate.setTimestamp(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public void setAsciiStream(int arg0, InputStream arg1, int arg2) throws SQLException {
    delegate.setAsciiStream(arg0, arg1, arg2);
    if (parameters != null) {
      parameters.set(arg0, "<InputStream>");
    }
  }

  @Override
  public void setUnicodeStream(int arg0, InputStream arg1, int arg2) throws SQLException {
    delegate.setUnicodeStream(arg0, arg1, arg2);
    if (parameters != null) {
      parameters.set(arg0, "<InputStream>");
    }
  }

  @Override
  public void setBinaryStream(int arg0, InputStream arg1, int arg2) throws SQLException {
    delegate.setBinaryStream(arg0, arg1, arg2);
    if (parameters != null) {
      parameters.set(arg0, "<InputStream>");
    }
  }

  @Override
  public void clearParameters() throws SQLException {
    delegate.clearParameters();
    if (parameters != null) {
      parameters.clear();
    }
  }

  @Override
  public void setObject(int arg0, Object arg1, int arg2) throws SQLException {
    delegate.setObject(arg0, arg1, arg2);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public void setObject(int arg0, Object arg1) throws SQLException {
    delegate.setObject(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public boolean execute() throws SQLException {
    return instrumentation.execute(info, 0, parameters, () -> delegate.execute());
  }

  @Override
  public void addBatch() throws SQLException {
    delegate.addBatch();
    addToBatch(info);
  }

  @Override
  public void setCharacterStream(int arg0, Reader arg1, int arg2) throws SQLException {
    delegate.setCharacterStream(arg0, arg1, arg2);
    if (parameters != null) {
      parameters.set(arg0, "<Reader>");
    }
  }

  @Override
  public void setRef(int arg0, Ref arg1) throws SQLException {
    delegate.setRef(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, "<Ref>");
    }
  }

  @Override
  public void setBlob(int arg0, Blob arg1) throws SQLException {
    delegate.setBlob(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, "<Blob>");
    }
  }

  @Override
  public void setClob(int arg0, Clob arg1) throws SQLException {
    delegate.setClob(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, "<Clob>");
    }
  }

  @Override
  public void setArray(int arg0, Array arg1) throws SQLException {
    delegate.setArray(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, "<Array>");
    }
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    return delegate.getMetaData();
  }

  @Override
  public void setDate(int arg0, Date arg1, Calendar arg2) throws SQLException {
    delegate.setDate(arg0, arg1, arg2);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public void setTime(int arg0, Time arg1, Calendar arg2) throws SQLException {
    delegate.setTime(arg0, arg1, arg2);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public void setTimestamp(int arg0, Timestamp arg1, Calendar arg2) throws SQLException {
    delegate.setTimestamp(arg0, arg1, arg2);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public void setNull(int arg0, int arg1, String arg2) throws SQLException {
    delegate.setNull(arg0, arg1, arg2);
    if (parameters != null) {
      parameters.set(arg0, null);
    }
  }

  @Override
  public void setURL(int arg0, URL arg1) throws SQLException {
    delegate.setURL(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    return delegate.getParameterMetaData();
  }

  @Override
  public void setRowId(int arg0, RowId arg1) throws SQLException {
    delegate.setRowId(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, "<RowId>");
    }
  }

  @Override
  public void setNString(int arg0, String arg1) throws SQLException {
    delegate.setNString(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public void setNCharacterStream(int arg0, Reader arg1, long arg2) throws SQLException {
    delegate.setNCharacterStream(arg0, arg1, arg2);
    if (parameters != null) {
      parameters.set(arg0, "<Reader>");
    }
  }

  @Override
  public void setNClob(int arg0, NClob arg1) throws SQLException {
    delegate.setNClob(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, "<NClob>");
    }
  }

  @Override
  public void setClob(int arg0, Reader arg1, long arg2) throws SQLException {
    delegate.setClob(arg0, arg1, arg2);
    if (parameters != null) {
      parameters.set(arg0, "<Reader>");
    }
  }

  @Override
  public void setBlob(int arg0, InputStream arg1, long arg2) throws SQLException {
    delegate.setBlob(arg0, arg1, arg2);
    if (parameters != null) {
      parameters.set(arg0, "<InputStream>");
    }
  }

  @Override
  public void setNClob(int arg0, Reader arg1, long arg2) throws SQLException {
    delegate.setNClob(arg0, arg1, arg2);
    if (parameters != null) {
      parameters.set(arg0, "<Reader>");
    }
  }

  @Override
  public void setSQLXML(int arg0, SQLXML arg1) throws SQLException {
    delegate.setSQLXML(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, "<SQLXML>");
    }
  }

  @Override
  public void setObject(int arg0, Object arg1, int arg2, int arg3) throws SQLException {
    delegate.setObject(arg0, arg1, arg2, arg3);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public void setAsciiStream(int arg0, InputStream arg1, long arg2) throws SQLException {
    delegate.setAsciiStream(arg0, arg1, arg2);
    if (parameters != null) {
      parameters.set(arg0, "<InputStream>");
    }
  }

  @Override
  public void setBinaryStream(int arg0, InputStream arg1, long arg2) throws SQLException {
    delegate.setBinaryStream(arg0, arg1, arg2);
    if (parameters != null) {
      parameters.set(arg0, "<InputStream>");
    }
  }

  @Override
  public void setCharacterStream(int arg0, Reader arg1, long arg2) throws SQLException {
    delegate.setCharacterStream(arg0, arg1, arg2);
    if (parameters != null) {
      parameters.set(arg0, "<Reader>");
    }
  }

  @Override
  public void setAsciiStream(int arg0, InputStream arg1) throws SQLException {
    delegate.setAsciiStream(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, "<InputStream>");
    }
  }

  @Override
  public void setBinaryStream(int arg0, InputStream arg1) throws SQLException {
    delegate.setBinaryStream(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, "<InputStream>");
    }
  }

  @Override
  public void setCharacterStream(int arg0, Reader arg1) throws SQLException {
    delegate.setCharacterStream(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, "<Reader>");
    }
  }

  @Override
  public void setNCharacterStream(int arg0, Reader arg1) throws SQLException {
    delegate.setNCharacterStream(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, "<Reader>");
    }
  }

  @Override
  public void setClob(int arg0, Reader arg1) throws SQLException {
    delegate.setClob(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, "<Reader>");
    }
  }

  @Override
  public void setBlob(int arg0, InputStream arg1) throws SQLException {
    delegate.setBlob(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, "<InputStream>");
    }
  }

  @Override
  public void setNClob(int arg0, Reader arg1) throws SQLException {
    delegate.setNClob(arg0, arg1);
    if (parameters != null) {
      parameters.set(arg0, "<Reader>");
    }
  }

  @Override
  public void setObject(int arg0, Object arg1, SQLType arg2, int arg3) throws SQLException {
    delegate.setObject(arg0, arg1, arg2, arg3);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public void setObject(int arg0, Object arg1, SQLType arg2) throws SQLException {
    delegate.setObject(arg0, arg1, arg2);
    if (parameters != null) {
      parameters.set(arg0, arg1);
    }
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    return instrumentation.execute(info, 0, parameters, () -> delegate.executeLargeUpdate());
  }
}
