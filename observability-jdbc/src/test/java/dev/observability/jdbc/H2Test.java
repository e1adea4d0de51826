package dev.observability.jdbc;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

class H2Test extends DatabaseContract {

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private JdbcDataSource raw;

  @Override
  DataSource rawDataSource() {
    if (raw == null) {
      raw = new JdbcDataSource();
      raw.setURL("jdbc:h2:mem:contract" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    }
    return raw;
  }

  @Override
  String system() {
    return "h2";
  }

  @Override
  String sleepQuery(long millis, String literal) {
    ensureSleepAlias();
    return "SELECT SLEEP(" + millis + ") WHERE '" + literal + "' IS NOT NULL";
  }

  private void ensureSleepAlias() {
    try (var c = rawDataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE ALIAS IF NOT EXISTS SLEEP FOR \"" + H2Functions.class.getName() + ".sleep\"");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  void createAddOne(Statement statement) throws SQLException {
    statement.execute(
        "CREATE ALIAS IF NOT EXISTS add_one FOR \"" + H2Functions.class.getName() + ".addOne\"");
  }

  @Override
  String missingTableSqlState() {
    return "42S02";
  }
}
