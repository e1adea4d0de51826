package dev.observability.benchmarks.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source whose connections do no work: every query returns one row of one column without
 * parsing, planning or storage. Measured raw it is the floor of what a JDBC wrapper adds; measured
 * through a wrapper, nearly all of the time is the wrapper's.
 */
public final class StubDataSource implements DataSource {

  /** The URL the stub database reports. */
  static final String URL = "jdbc:stub:bench";

  /** Creates the data source. */
  public StubDataSource() {}

  @Override
  public Connection getConnection() {
    return new StubConnection(this);
  }

  @Override
  public Connection getConnection(String username, String password) {
    return new StubConnection(this);
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // nothing is logged
  }

  @Override
  public void setLoginTimeout(int seconds) {
    // connections are immediate
  }

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no java.util.logging here");
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return (T) this;
    }
    throw new SQLException("not a wrapper for " + iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
