package dev.observability.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.observability.core.RequestContext;
import dev.observability.core.spi.RequestLifecycle;
import dev.observability.jdbc.internal.ConnectionWrapper;
import dev.observability.testing.LogCapture;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.DbAttributes;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every database must show through the wrappers; run against H2 and PostgreSQL. */
abstract class DatabaseContract {

  JdbcTesting testing;
  DataSource dataSource;

  /** The raw data source of the database under test. */
  abstract DataSource rawDataSource();

  abstract String system();

  /** A statement that sleeps about {@code millis} and mentions {@code literal}. */
  abstract String sleepQuery(long millis, String literal);

  /** Creates a function {@code add_one(int) returns int}. */
  abstract void createAddOne(Statement statement) throws SQLException;

  abstract String missingTableSqlState();

  @BeforeEach
  void setUp() throws SQLException {
    testing = new JdbcTesting();
    dataSource = testing.wrap(rawDataSource()).build();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS tasks");
      s.execute(
          "CREATE TABLE tasks (id SERIAL PRIMARY KEY, title VARCHAR(200) NOT NULL, done BOOLEAN DEFAULT FALSE)");
    }
    testing.spans.reset();
    testing.meters.clear();
  }

  @AfterEach
  void tearDown() {
    testing.close();
  }

  private int insert(Connection c, String title) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO tasks (title) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, title);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        assertThat(keys.getStatement()).isSameAs(ps);
        assertThat(keys.next()).isTrue();
        return keys.getInt(1);
      }
    }
  }

  @Test
  void queriesUpdatesAndGeneratedKeysAreMeasuredAndTraced() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      int id = insert(c, "write report");
      try (PreparedStatement ps = c.prepareStatement("SELECT title FROM tasks WHERE id = ?")) {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.getStatement()).isSameAs(ps);
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("write report");
        }
      }
      try (Statement s = c.createStatement()) {
        assertThat(s.executeUpdate("UPDATE tasks SET done = TRUE WHERE title = 'write report'"))
            .isEqualTo(1);
      }
    }
    assertThat(testing.executions("INSERT", "tasks")).isEqualTo(1);
    assertThat(testing.executions("SELECT", "tasks")).isEqualTo(1);
    assertThat(testing.executions("UPDATE", "tasks")).isEqualTo(1);
    assertThat(
            testing
                .meters
                .get("db.client.operation.duration")
                .tag("db.system.name", system())
                .timers())
        .isNotEmpty();
    SpanData update =
        testing.spans.getFinishedSpanItems().stream()
            .filter(s -> s.getName().equals("UPDATE tasks"))
            .findFirst()
            .orElseThrow();
    assertThat(update.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(update.getAttributes().get(AttributeKey.stringKey("db.query.text")))
        .isEqualTo("UPDATE tasks SET done = ? WHERE title = ?");
    assertThat(update.getAttributes().get(AttributeKey.stringKey("db.system.name")))
        .isEqualTo(system());
    assertThat(update.getAttributes().get(AttributeKey.stringKey("db.collection.name")))
        .isEqualTo("tasks");
  }

  @Test
  void batchesAreOneMeasurementWithTheirSize() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO tasks (title) VALUES (?)")) {
      for (int i = 0; i < 3; i++) {
        ps.setString(1, "t" + i);
        ps.addBatch();
      }
      assertThat(ps.executeBatch()).hasSize(3);
      try (Statement s = c.createStatement()) {
        s.addBatch("INSERT INTO tasks (title) VALUES ('a')");
        s.addBatch("INSERT INTO tasks (title) VALUES ('b')");
        assertThat(s.executeBatch()).hasSize(2);
      }
    }
    assertThat(testing.executions("INSERT", "tasks")).isEqualTo(2);
    assertThat(testing.spans.getFinishedSpanItems())
        .extracting(s -> s.getAttributes().get(AttributeKey.longKey("db.operation.batch.size")))
        .containsExactly(3L, 2L);
  }

  @Test
  void transactionsRollBack() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      insert(c, "never");
      c.rollback();
      c.setAutoCommit(true);
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM tasks")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }

  @Test
  void aBackslashEndsNoStringInThisDialectSoTheNextLiteralIsStillMasked() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 'C:\\dir\\' AS p, 'secret' AS s")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("C:\\dir\\"); // the database agrees: one string
      assertThat(rs.getString(2)).isEqualTo("secret");
    }
    assertThat(testing.spans.getFinishedSpanItems())
        .extracting(span -> span.getAttributes().get(DbAttributes.DB_QUERY_TEXT))
        .containsExactly("SELECT ? AS p, ? AS s");
  }

  @Test
  void aBoundValueInTheDriversConstraintMessageNeverReachesTheSpan() throws SQLException {
    SQLException thrown = null;
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS accounts");
      s.execute("CREATE TABLE accounts (id INT PRIMARY KEY, email VARCHAR(200) UNIQUE)");
      for (int id = 1; id <= 2; id++) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO accounts VALUES (?, ?)")) {
          ps.setInt(1, id);
          ps.setString(2, "jane@example.com");
          ps.executeUpdate();
        } catch (SQLException e) {
          thrown = e;
        }
      }
    }
    // The application still gets the driver's own exception, message and all.
    assertThat((Object) thrown).isNotNull();
    assertThat(thrown.getMessage()).contains("jane@example.com");
    SpanData failed =
        testing.spans.getFinishedSpanItems().stream()
            .filter(span -> !span.getEvents().isEmpty())
            .findFirst()
            .orElseThrow();
    String recorded =
        String.valueOf(
            new java.util.ArrayList<>(failed.getEvents().get(0).getAttributes().asMap().values()));
    assertThat(recorded).contains(thrown.getClass().getName()).doesNotContain("jane@");
  }

  @Test
  void callableStatementsWork() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try (Statement s = c.createStatement()) {
        createAddOne(s);
      }
      try (CallableStatement call = c.prepareCall("{? = call add_one(?)}")) {
        call.registerOutParameter(1, Types.INTEGER);
        call.setInt(2, 41);
        call.execute();
        assertThat(call.getInt(1)).isEqualTo(42);
        assertThat(call.getConnection()).isSameAs(c);
      }
    }
    assertThat(testing.spans.getFinishedSpanItems())
        .extracting(SpanData::getName)
        .contains("CALL add_one");
  }

  @Test
  void errorsKeepTheirSqlStateAndAreMeasured() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("SELECT * FROM no_such_table WHERE secret = 'x'"))
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> assertThat(e.getSQLState()).isEqualTo(missingTableSqlState()));
    }
    SpanData failed = testing.spans.getFinishedSpanItems().get(0);
    assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(failed.getEvents()).extracting(e -> e.getName()).containsExactly("exception");
    assertThat(
            testing
                .meters
                .get("db.client.operation.duration")
                .tag("db.collection.name", "no_such_table")
                .timer()
                .getId()
                .getTag("error.type"))
        .isNotEqualTo("none");
  }

  @Test
  void slowQueryGivesExactlyOneWarnWithoutLiterals() throws SQLException {
    DataSource slowAware =
        testing.wrap(rawDataSource()).slowQueryThreshold(Duration.ofMillis(100)).build();
    try (LogCapture log = LogCapture.of(ObservableDataSource.SLOW_QUERY_LOGGER);
        RequestContext.Scope scope = RequestLifecycle.start("req-slow").makeCurrent();
        Connection c = slowAware.getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery(sleepQuery(300, "secret-literal-42"))) {
        rs.next();
      }
      try (ResultSet rs = s.executeQuery("SELECT 1")) {
        rs.next();
      }
      List<ILoggingEvent> warnings = log.withMessage("slow query");
      assertThat(warnings).hasSize(1);
      ILoggingEvent warning = warnings.get(0);
      String sql = (String) LogCapture.keyValue(warning, "sql");
      assertThat(sql).doesNotContain("secret-literal-42", "300", "0.3").contains("?");
      assertThat((Long) LogCapture.keyValue(warning, "duration_ms")).isGreaterThanOrEqualTo(250L);
      assertThat(LogCapture.keyValue(warning, "threshold_ms")).isEqualTo(100L);
      assertThat(warning.getMDCPropertyMap()).containsEntry("request_id", "req-slow");
    }
    assertThat(testing.meters.get("db.client.slow_operations").counter().count()).isEqualTo(1);
  }

  @Test
  void concurrentUseFromSeveralThreadsIsSafe() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(
            pool.submit(
                () -> {
                  try (Connection c = dataSource.getConnection();
                      PreparedStatement ps =
                          c.prepareStatement("SELECT COUNT(*) FROM tasks WHERE title = ?")) {
                    for (int i = 0; i < 100; i++) {
                      ps.setString(1, "x" + i);
                      try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(testing.executions("SELECT", "tasks")).isEqualTo(800);
  }

  @Test
  void backReferencesReturnWrappers() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      assertThat(c).isInstanceOf(ConnectionWrapper.class);
      assertThat(c.getMetaData().getConnection()).isSameAs(c);
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT 1")) {
        assertThat(s.getConnection()).isSameAs(c);
        assertThat(rs.getStatement()).isSameAs(s);
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
        assertThat(ps.getConnection()).isSameAs(c);
        ps.execute();
        try (ResultSet rs = ps.getResultSet()) {
          assertThat(rs.getStatement()).isSameAs(ps);
        }
      }
    }
  }

  @Test
  void closingTheConnectionClosesItsStatements() throws SQLException {
    Connection c = dataSource.getConnection();
    Statement s = c.createStatement();
    PreparedStatement ps = c.prepareStatement("SELECT 1");
    c.close();
    assertThat(c.isClosed()).isTrue();
    assertThat(s.isClosed()).isTrue();
    assertThat(ps.isClosed()).isTrue();
  }
}
