package dev.observability.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
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
import org.junit.jupiter.params.provider.CsvSource;

class FailuresAndDispatchesTest {

  private static TestServer server;
  private LogCapture access;
  private LogCapture jetty;

  @BeforeAll
  static void start() throws Exception {
    server = new TestServer();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @BeforeEach
  void capture() {
    server.escaped.clear();
    server.thrownByServlets.clear();
    server.mdcAfter.clear();
    server.spans.reset();
    access = LogCapture.of(RequestObservabilityFilter.ACCESS_LOGGER);
    jetty = LogCapture.of("org.eclipse.jetty");
  }

  @AfterEach
  void release() {
    access.close();
    jetty.close();
  }

  private List<ILoggingEvent> accessEvents(int expected) throws InterruptedException {
    TestServer.await(() -> access.events().size() >= expected);
    Thread.sleep(50); // a duplicate would arrive now
    return access.events();
  }

  @ParameterizedTest
  @CsvSource({
    "/fail/runtime, IllegalStateException",
    "/fail/io, IOException",
    "/fail/servlet, ServletException",
    "/fail/error, StackOverflowError"
  })
  void downstreamFailureIsAnsweredByTheFilterLoggedOnceAndRecordedAs500(String path, String type)
      throws Exception {
    HttpResponse<String> response;
    try (LogCapture errors = LogCapture.of(RequestObservabilityFilter.ERROR_LOGGER)) {
      response = server.get(path);
      assertThat(response.statusCode()).isEqualTo(500);
      List<ILoggingEvent> events = accessEvents(1);
      assertThat(events).hasSize(1);
      assertThat(LogCapture.keyValue(events.get(0), "status_code")).isEqualTo(500);
      // Answered here: nothing escapes to the container, which would log it again.
      assertThat(server.escaped).isEmpty();
      assertThat(errors.events()).hasSize(1);
      assertThat(errors.events().get(0).getThrowableProxy().getClassName()).endsWith("." + type);
      assertThat(errors.events().get(0).getMDCPropertyMap())
          .containsEntry("request_id", response.headers().firstValue("X-Request-ID").orElseThrow());
    }
    assertThat(server.mdcAfter.peek())
        .doesNotContainKeys("request_id", "trace_id", "span_id", "user_id");
    assertThat(response.body())
        .startsWith("{\"error\":{\"code\":\"internal_error\"")
        .doesNotContain("hunter2", "db-internal", "disk on fire", "Exception", "at dev.");
    assertThat(server.spans.getFinishedSpanItems()).hasSize(1);
    assertThat(server.spans.getFinishedSpanItems().get(0).getEvents())
        .extracting(e -> e.getName())
        .containsExactly("exception");
    // Grouped: counted once by type and fingerprint.
    assertThat(
            server
                .observability
                .meterRegistry()
                .find(dev.observability.core.spi.ErrorGroups.METRIC)
                .counters()
                .stream()
                .filter(c -> c.getId().getTag("error.type").endsWith("." + type))
                .mapToDouble(io.micrometer.core.instrument.Counter::count)
                .sum())
        .isGreaterThanOrEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({
    "/fail/runtime, IllegalStateException",
    "/fail/io, IOException",
    "/fail/servlet, ServletException",
    "/fail/error, StackOverflowError",
    "/fail/employee, IllegalArgumentException"
  })
  void withErrorAnswersOffTheFailureIsRethrownUnchangedAndTheErrorPageAnswers500(
      String path, String type) throws Exception {
    try (TestServer containerAnswers = new TestServer(b -> b.errorAnswers(false))) {
      HttpResponse<String> response = containerAnswers.get(path);
      // The error page keeps the container's status, which is what the telemetry recorded.
      assertThat(response.statusCode()).isEqualTo(500);
      List<ILoggingEvent> events = accessEvents(1);
      assertThat(LogCapture.keyValue(events.get(0), "status_code")).isEqualTo(500);
      TestServer.await(() -> !containerAnswers.escaped.isEmpty());
      assertThat(containerAnswers.escaped).hasSize(1);
      assertThat(containerAnswers.escaped.peek())
          .isSameAs(containerAnswers.thrownByServlets.peek());
      assertThat(containerAnswers.escaped.peek().getClass().getSimpleName()).isEqualTo(type);
      assertThat(response.body())
          .startsWith("{\"error\":{\"code\":\"internal_error\"")
          .doesNotContain("hunter2", "db-internal", "disk on fire", "EMP-", "Exception");
      assertThat(response.headers().firstValue("X-Request-ID")).isPresent();
    }
  }

  @Test
  void aServerErrorMessageGivenToSendErrorNeverReachesTheErrorPage() throws Exception {
    HttpResponse<String> response = server.get("/misc/send-error-500");
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body())
        .contains("\"message\":\"Internal Server Error\"")
        .doesNotContain("hunter2", "db-internal");
  }

  @Test
  void sendErrorIsLoggedOnceWithItsStatusAndAnErrorDispatchAddsNothing() throws Exception {
    HttpResponse<String> response = server.get("/misc/send-error");
    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.body())
        .contains(
            "\"code\":\"conflict\"",
            "\"request_id\":\""
                + response.headers().firstValue("X-Request-ID").orElseThrow()
                + "\"");
    List<ILoggingEvent> events = accessEvents(1);
    assertThat(events).hasSize(1);
    assertThat(LogCapture.keyValue(events.get(0), "status_code")).isEqualTo(409);
    assertThat(server.spans.getFinishedSpanItems()).hasSize(1);
  }

  @Test
  void redirectAndEarlyFlushAreLoggedOnceWithTheirStatus() throws Exception {
    HttpResponse<String> redirect = server.get("/misc/redirect");
    assertThat(redirect.statusCode()).isEqualTo(302);
    HttpResponse<String> flushed = server.get("/misc/flush");
    assertThat(flushed.statusCode()).isEqualTo(202);
    assertThat(flushed.body()).isEqualTo("early and late");
    List<ILoggingEvent> events = accessEvents(2);
    assertThat(events)
        .extracting(e -> LogCapture.keyValue(e, "status_code"))
        .containsExactly(302, 202);
    assertNoIllegalStateAnywhere();
  }

  @Test
  void clientThatHangsUpMidResponseGivesOneEvent() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write("GET /misc/large HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      in.readNBytes(200_000);
    }
    List<ILoggingEvent> events = accessEvents(1);
    assertThat(events).hasSize(1);
    assertThat(LogCapture.keyValue(events.get(0), "status_code")).isEqualTo(200);
    assertNoIllegalStateAnywhere();
  }

  @Test
  void asyncRequestsAreFinishedWhenTheCycleCompletes() throws Exception {
    HttpResponse<String> response = server.get("/async/created?n=1");
    assertThat(response.statusCode()).isEqualTo(201);
    List<ILoggingEvent> events = accessEvents(1);
    assertThat(events).hasSize(1);
    assertThat(LogCapture.keyValue(events.get(0), "status_code")).isEqualTo(201);
    assertThat(events.get(0).getMDCPropertyMap())
        .containsEntry("request_id", response.headers().firstValue("X-Request-ID").orElseThrow());
  }

  @Test
  void asyncDispatchRebindsTheContextAndCountsOnce() throws Exception {
    LogCapture app = LogCapture.of("test.app");
    try {
      HttpResponse<String> response = server.get("/async/dispatch");
      assertThat(response.statusCode()).isEqualTo(200);
      String id = response.headers().firstValue("X-Request-ID").orElseThrow();
      List<ILoggingEvent> events = accessEvents(1);
      assertThat(events).hasSize(1);
      TestServer.await(() -> !app.events().isEmpty());
      assertThat(app.events().get(0).getMDCPropertyMap()).containsEntry("request_id", id);
      assertThat(server.spans.getFinishedSpanItems()).hasSize(1);
    } finally {
      app.close();
    }
  }

  @Test
  void applicationErrorBodyFollowsTheDesignAndRedactsTheMessage() throws Exception {
    HttpResponse<String> response = server.get("/misc/json-error");
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    assertThat(response.body())
        .matches(
            "\\{\"error\":\\{\"code\":\"validation_failed\",\"message\":\"email j\\*\\*\\*@example.com is taken\","
                + "\"details\":\\{\"field\":\"email\"},\"request_id\":\"[0-9A-Z]{26}\",\"timestamp\":\"[0-9T:.Z-]+\"}}");
  }

  @Test
  void unknownPathsGetAJson404() throws Exception {
    HttpResponse<String> response = server.get("/no/such/thing");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("\"code\":\"not_found\"");
    assertThat(LogCapture.keyValue(accessEvents(1).get(0), "route")).isEqualTo("NOT_FOUND");
  }

  @Test
  void aFailureInsideTheFiltersOwnWorkNeverFailsTheRequest() throws Exception {
    long before = dev.observability.core.spi.ContainedFailures.count("user-id-resolver");
    try (TestServer broken =
        new TestServer(
            b ->
                b.userIdResolver(
                    request -> {
                      throw new IllegalStateException("resolver bug");
                    }))) {
      HttpResponse<String> response = broken.get("/api/tasks/3");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("task /3");
      assertThat(accessEvents(1)).hasSize(1);
    }
    assertThat(dev.observability.core.spi.ContainedFailures.count("user-id-resolver"))
        .isGreaterThan(before);
  }

  private void assertNoIllegalStateAnywhere() {
    assertThat(server.escaped).noneMatch(e -> e instanceof IllegalStateException);
    assertThat(jetty.events())
        .noneMatch(
            e ->
                e.getThrowableProxy() != null
                    && e.getThrowableProxy()
                        .getClassName()
                        .equals(IllegalStateException.class.getName()));
  }
}
