package dev.observability.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.observability.jdbc.internal.ConnectionWrapper;
import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbc.JdbcPreparedStatement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WrapperBehaviourTest {

  private final JdbcTesting testing = new JdbcTesting();

  @AfterEach
  void tearDown() {
    testing.close();
  }

  private static JdbcDataSource h2(String name) {
    JdbcDataSource raw = new JdbcDataSource();
    raw.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    return raw;
  }

  @Test
  void unwrapReachesTheVendorClassesAndIsWrapperForDoesNotThrow() throws SQLException {
    DataSource dataSource = testing.wrap(h2("unwrap")).build();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT 1")) {
      assertThat(c.unwrap(JdbcConnection.class)).isInstanceOf(JdbcConnection.class);
      assertThat(c.unwrap(ConnectionWrapper.class)).isSameAs(c);
      assertThat(c.isWrapperFor(JdbcConnection.class)).isTrue();
      assertThat(c.isWrapperFor(String.class)).isFalse();
      assertThat(ps.unwrap(JdbcPreparedStatement.class)).isInstanceOf(JdbcPreparedStatement.class);
      assertThat(ps.isWrapperFor(ps.getClass())).isTrue();
      assertThat(dataSource.unwrap(JdbcDataSource.class)).isInstanceOf(JdbcDataSource.class);
      assertThat(dataSource.isWrapperFor(JdbcDataSource.class)).isTrue();
    }
  }

  @Test
  void wrappingTwiceMeasuresEachStatementOnce() throws SQLException {
    DataSource once = testing.wrap(h2("twice")).build();
    assertThat(ObservableDataSource.wrap(once)).isSameAs(once);
    // A pool around an already observed source, observed again: still one measurement.
    DataSource twice = testing.wrap(new DelegatingDataSource(once)).build();
    try (Connection c = twice.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    }
    assertThat(testing.spans.getFinishedSpanItems()).hasSize(1);
    assertThat(testing.executions("SELECT", "")).isEqualTo(1);
  }

  @Test
  void aFailingStatementRethrowsTheVerySameExceptionAndIsMeasured() throws SQLException {
    SQLException failure = new SQLException("deadlock detected", "40P01", 1213);
    Connection connection = mock(Connection.class);
    Statement statement = mock(Statement.class);
    DatabaseMetaData metaData = mock(DatabaseMetaData.class);
    DataSource faulty = mock(DataSource.class);
    when(faulty.getConnection()).thenReturn(connection);
    when(connection.getMetaData()).thenReturn(metaData);
    when(metaData.getURL()).thenReturn("jdbc:postgresql://db.internal:5432/app");
    when(connection.createStatement()).thenReturn(statement);
    when(statement.executeUpdate(anyString())).thenThrow(failure);

    DataSource dataSource = testing.wrap(faulty).build();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE accounts SET balance = 0 WHERE id = 1"))
          .isSameAs(failure);
    }
    assertThat(failure.getSQLState()).isEqualTo("40P01");
    assertThat(failure.getErrorCode()).isEqualTo(1213);
    assertThat(testing.errors("java.sql.SQLException")).isEqualTo(1);
    var span = testing.spans.getFinishedSpanItems().get(0);
    assertThat(
            span.getAttributes()
                .get(io.opentelemetry.api.common.AttributeKey.stringKey("server.address")))
        .isEqualTo("db.internal");
    assertThat(
            span.getAttributes()
                .get(io.opentelemetry.api.common.AttributeKey.longKey("server.port")))
        .isEqualTo(5432L);
  }

  @Test
  void nothingIsRetainedAfterClose() throws Exception {
    DataSource dataSource = testing.wrap(h2("weak")).build();
    List<WeakReference<Object>> references = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Connection c = dataSource.getConnection();
      Statement s = c.createStatement();
      ResultSet rs = s.executeQuery("SELECT " + i);
      PreparedStatement ps = c.prepareStatement("SELECT ?");
      references.add(new WeakReference<>(c));
      references.add(new WeakReference<>(s));
      references.add(new WeakReference<>(rs));
      references.add(new WeakReference<>(ps));
      c.close();
    }
    for (int i = 0; i < 50 && references.stream().anyMatch(r -> r.get() != null); i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(references).allSatisfy(r -> assertThat(r.get()).isNull());
  }

  @Test
  void aHundredThousandBatchedStatementsKeepMemoryBounded() throws Exception {
    DataSource dataSource = testing.wrap(h2("batch")).build();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS t (v INT)");
      for (int i = 0; i < 100_000; i++) {
        s.addBatch("INSERT INTO t VALUES (" + i + ")"); // 100,000 distinct texts
      }
      // Our share: a counter and the first text; the sanitizer cache stays within its bound.
      assertThat(BatchProbe.pending(s)).isEqualTo(100_000);
      assertThat(BatchProbe.cachedTexts(s)).isLessThanOrEqualTo(1_000);
      assertThat(s.executeBatch()).hasSize(100_000);
      assertThat(BatchProbe.pending(s)).isZero();
    }
    assertThat(testing.spans.getFinishedSpanItems())
        .extracting(
            span ->
                span.getAttributes()
                    .get(
                        io.opentelemetry.api.common.AttributeKey.longKey(
                            "db.operation.batch.size")))
        .containsExactly(null, 100_000L);
  }

  /** A data source that only delegates, like a pool would. */
  private static final class DelegatingDataSource implements DataSource {
    private final DataSource delegate;

    DelegatingDataSource(DataSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return delegate.getConnection(user, password);
    }

    @Override
    public java.io.PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(java.io.PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public java.util.logging.Logger getParentLogger() {
      return java.util.logging.Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
      return delegate.isWrapperFor(iface);
    }
  }
}
