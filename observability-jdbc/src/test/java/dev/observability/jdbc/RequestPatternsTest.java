package dev.observability.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.observability.core.Observability;
import dev.observability.core.Redactors;
import dev.observability.core.RequestContext;
import dev.observability.core.spi.RequestLifecycle;
import dev.observability.testing.LogCapture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestPatternsTest {

  private final JdbcTesting testing = new JdbcTesting();
  private JdbcDataSource raw;
  private DataSource dataSource;

  @BeforeEach
  void setUp() throws SQLException {
    raw = new JdbcDataSource();
    raw.setURL("jdbc:h2:mem:patterns;DB_CLOSE_DELAY=-1");
    dataSource = testing.wrap(raw).build();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS items (id INT PRIMARY KEY, name VARCHAR(50))");
      s.execute("MERGE INTO items KEY (id) VALUES (1, 'a'), (2, 'b')");
    }
  }

  @AfterEach
  void tearDown() {
    testing.close();
  }

  private List<ILoggingEvent> runRequest(boolean sameStatement) throws SQLException {
    try (LogCapture log = LogCapture.of(ObservableDataSource.N_PLUS_ONE_LOGGER)) {
      RequestLifecycle request = RequestLifecycle.start("req-n1");
      request.setRoute("/api/orders/{id}");
      try (RequestContext.Scope scope = request.makeCurrent();
          Connection c = dataSource.getConnection()) {
        for (int i = 0; i < 20; i++) {
          // Different literals are the same statement once sanitized; a different alias is not.
          String sql =
              sameStatement
                  ? "SELECT name FROM items WHERE id = " + (i % 2 + 1)
                  : "SELECT name AS n" + i + " FROM items WHERE id = ?";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (!sameStatement) {
              ps.setInt(1, i % 2 + 1);
            }
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
            }
          }
        }
      }
      request.end();
      return log.withMessage("n+1 suspected");
    }
  }

  @Test
  void twentyIdenticalSelectsInOneRequestAreReportedOnce() throws SQLException {
    List<ILoggingEvent> warnings = runRequest(true);
    assertThat(warnings).hasSize(1);
    ILoggingEvent warning = warnings.get(0);
    assertThat(LogCapture.keyValue(warning, "route")).isEqualTo("/api/orders/{id}");
    assertThat(LogCapture.keyValue(warning, "sql"))
        .isEqualTo("SELECT name FROM items WHERE id = ?");
    assertThat(warning.getFormattedMessage() + warning.getKeyValuePairs())
        .doesNotContain("id = 1", "id = 2");
    assertThat(LogCapture.keyValue(warning, "count")).isEqualTo(20);
    assertThat(
            testing
                .meters
                .get("db.client.operations_per_request")
                .tag("http.route", "/api/orders/{id}")
                .summary()
                .max())
        .isEqualTo(20);
    assertThat(
            testing
                .meters
                .get("db.client.n_plus_one_suspected")
                .tag("db.system.name", "h2")
                .counter()
                .count())
        .isEqualTo(1);
  }

  /** The README's manual example, as written there: leaving the block ends the request. */
  @Test
  void theReadmesManualRequestReportsNPlusOneWhenItsBlockIsLeft() throws SQLException {
    try (LogCapture log = LogCapture.of(ObservableDataSource.N_PLUS_ONE_LOGGER)) {
      try (RequestLifecycle request = RequestLifecycle.start("req-readme");
          RequestContext.Scope scope = request.makeCurrent()) {
        request.setRoute("/orders/{id}");
        try (Connection c = dataSource.getConnection()) {
          for (int i = 0; i < 20; i++) {
            try (ResultSet rs =
                c.createStatement().executeQuery("SELECT name FROM items WHERE id = " + i)) {
              rs.next();
            }
          }
        }
      }
      assertThat(log.withMessage("n+1 suspected")).hasSize(1);
      assertThat(log.withMessage("n+1 suspected").get(0).getMDCPropertyMap())
          .containsEntry("request_id", "req-readme");
    }
    assertThat(
            testing
                .meters
                .get("db.client.operations_per_request")
                .tag("http.route", "/orders/{id}")
                .summary()
                .count())
        .isEqualTo(1);
  }

  @Test
  void twentyDifferentSelectsAreNotReported() throws SQLException {
    assertThat(runRequest(false)).isEmpty();
    assertThat(testing.meters.get("db.client.operations_per_request").summary().max())
        .isEqualTo(20);
  }

  @Test
  void withoutARequestContextThereIsNoPerRequestWork() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      for (int i = 0; i < 20; i++) {
        s.executeQuery("SELECT name FROM items WHERE id = 1").close();
      }
    }
    assertThat(testing.meters.find("db.client.operations_per_request").summaries()).isEmpty();
  }

  @Test
  void aSlowQueryReportNamesTheStatementsSpan() throws SQLException {
    DataSource reporting = testing.wrap(raw).slowQueryThreshold(Duration.ZERO).build();
    try (LogCapture log = LogCapture.of(ObservableDataSource.SLOW_QUERY_LOGGER);
        Connection c = reporting.getConnection();
        Statement s = c.createStatement()) {
      s.executeQuery("SELECT name FROM items WHERE id = 1").close();
      ILoggingEvent warning = log.withMessage("slow query").get(0);
      io.opentelemetry.sdk.trace.data.SpanData statement =
          testing.spans.getFinishedSpanItems().get(testing.spans.getFinishedSpanItems().size() - 1);
      assertThat(warning.getMDCPropertyMap())
          .containsEntry("span_id", statement.getSpanId())
          .containsEntry("trace_id", statement.getTraceId())
          .containsEntry("trace_flags", statement.getSpanContext().getTraceFlags().asHex());
    }
    assertThat(org.slf4j.MDC.get("span_id")).isNull();
  }

  @Test
  void capturedParametersAreRedactedInSlowQueryReports() throws SQLException {
    DataSource capturing =
        testing.wrap(raw).slowQueryThreshold(Duration.ZERO).captureParameters(true).build();
    try (LogCapture log = LogCapture.of(ObservableDataSource.SLOW_QUERY_LOGGER);
        Connection c = capturing.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT name FROM items WHERE name = ? OR name = ?")) {
      ps.setString(1, "jane.doe@example.com");
      ps.setString(2, "4111 1111 1111 1111");
      ps.executeQuery().close();
      ILoggingEvent warning = log.withMessage("slow query").get(0);
      assertThat((String) LogCapture.keyValue(warning, "parameters"))
          .isEqualTo("[j***@example.com, **** **** **** 1111]");
    }
    try (LogCapture log = LogCapture.of(ObservableDataSource.SLOW_QUERY_LOGGER);
        Connection c = testing.wrap(raw).slowQueryThreshold(Duration.ZERO).build().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT name FROM items WHERE name = ?")) {
      ps.setString(1, "jane.doe@example.com");
      ps.executeQuery().close();
      assertThat(LogCapture.keyValue(log.withMessage("slow query").get(0), "parameters")).isNull();
    }
  }

  @Test
  void capturedParametersGoThroughTheRedactorTheApplicationGave() throws SQLException {
    Observability custom =
        Observability.builder()
            .registerShutdownHook(false)
            .openTelemetry(testing.sdk)
            .meterRegistry(testing.meters)
            .redactor(
                Redactors.composite(
                    Redactors.defaults(),
                    Redactors.pattern(Pattern.compile("EMP-[0-9]++"), "EMP-***")))
            .build();
    DataSource capturing =
        ObservableDataSource.builder(raw)
            .observability(custom)
            .slowQueryThreshold(Duration.ZERO)
            .captureParameters(true)
            .build();
    try (LogCapture log = LogCapture.of(ObservableDataSource.SLOW_QUERY_LOGGER);
        Connection c = capturing.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT name FROM items WHERE name = ? OR name = ?")) {
      ps.setString(1, "EMP-123456");
      ps.setString(2, "jane.doe@example.com");
      ps.executeQuery().close();
      assertThat((String) LogCapture.keyValue(log.withMessage("slow query").get(0), "parameters"))
          .isEqualTo("[EMP-***, j***@example.com]");
    }
  }
}
