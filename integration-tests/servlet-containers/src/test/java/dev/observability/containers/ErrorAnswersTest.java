package dev.observability.containers;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.observability.testing.LogCapture;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With the zero-config set-up and no error page mapped, no container's default error page reaches
 * the client: the filter answers uncaught failures itself, the client and every signal agree on the
 * status, and the request ID is on every response.
 */
class ErrorAnswersTest {

  private static Telemetry telemetry;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void install() {
    telemetry = new Telemetry();
  }

  @AfterAll
  static void uninstall() {
    telemetry.close();
  }

  @BeforeEach
  void reset() {
    telemetry.reset();
  }

  private static HttpResponse<String> get(Container.Running app, String path, String accept)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
            .timeout(Telemetry.TIMEOUT);
    if (accept != null) {
      request.header("Accept", accept);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String requestId(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("X-Request-ID")
        .orElseThrow(() -> new AssertionError("no X-Request-ID on " + response));
  }

  /** Nothing of the exception, its message or the server reaches the client. */
  private static void assertNothingInternal(String body) {
    assertThat(body)
        .doesNotContain("hunter2", "db-internal", "jane@example.com", "Exception", "at dev.")
        .doesNotContainIgnoringCase("tomcat")
        .doesNotContainIgnoringCase("jetty")
        .doesNotContainIgnoringCase("undertow");
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void uncaughtExceptionIsAnsweredWithTheJsonBodyAndLoggedOnce(Container container)
      throws Exception {
    try (Container.Running app = container.deploy(new Application(), Map.of())) {
      HttpResponse<String> response = get(app, "/fail/runtime", "application/json");
      String id = requestId(response);

      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/json");
      assertThat(response.body())
          .matches(
              "\\{\"error\":\\{\"code\":\"internal_error\",\"message\":\"Internal Server Error\","
                  + "\"details\":\\{},\"request_id\":\""
                  + id
                  + "\",\"timestamp\":\"[0-9T:.Z-]+\"}}");
      assertNothingInternal(response.body());

      // The same status in the access log, the metric and the span; error.type names the class.
      assertThat(LogCapture.keyValue(telemetry.accessEventFor(id), "status_code")).isEqualTo(500);
      assertThat(telemetry.requestTimer(500, "java.lang.IllegalStateException").count())
          .isEqualTo(1);
      SpanData span = telemetry.serverSpan();
      assertThat(Telemetry.statusOf(span)).isEqualTo(500L);
      assertThat(span.getEvents()).extracting(e -> e.getName()).containsExactly("exception");

      // Logged once, by us, with the stack trace and the request's IDs; the container saw nothing.
      Telemetry.await(() -> !telemetry.errorEventsFor(id).isEmpty());
      ILoggingEvent logged = telemetry.errorEventsFor(id).get(0);
      assertThat(telemetry.errorEventsFor(id)).hasSize(1);
      assertThat(logged.getThrowableProxy().getClassName())
          .isEqualTo(IllegalStateException.class.getName());
      assertThat(logged.getThrowableProxy().getStackTraceElementProxyArray()).isNotEmpty();
      assertThat(logged.getMDCPropertyMap()).containsKeys("trace_id", "span_id");
      assertThat(telemetry.recordsCarrying("query failed"))
          .containsExactly(dev.observability.servlet.RequestObservabilityFilter.ERROR_LOGGER);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void mappedStatusIsTheSameForClientAndTelemetryAndTheMessageStaysInside(Container container)
      throws Exception {
    try (Container.Running app = container.deploy(new Application(), Map.of())) {
      HttpResponse<String> response = get(app, "/fail/argument", null);
      String id = requestId(response);
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).contains("\"code\":\"bad_request\",\"message\":\"Bad Request\"");
      assertNothingInternal(response.body());
      assertThat(LogCapture.keyValue(telemetry.accessEventFor(id), "status_code")).isEqualTo(400);
      assertThat(telemetry.requestTimer(400, "java.lang.IllegalArgumentException").count())
          .isEqualTo(1);
      assertThat(Telemetry.statusOf(telemetry.serverSpan())).isEqualTo(400L);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void aServletExceptionWrapperIsLookedThrough(Container container) throws Exception {
    try (Container.Running app = container.deploy(new Application(), Map.of())) {
      HttpResponse<String> response = get(app, "/fail/wrapped", null);
      String id = requestId(response);
      assertThat(response.statusCode()).isEqualTo(500);
      assertNothingInternal(response.body());
      assertThat(LogCapture.keyValue(telemetry.accessEventFor(id), "status_code")).isEqualTo(500);
      assertThat(telemetry.requestTimer(500, "java.lang.IllegalStateException").count())
          .isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void browsersGetAMinimalPageAndPlainTextClientsPlainText(Container container) throws Exception {
    try (Container.Running app = container.deploy(new Application(), Map.of())) {
      HttpResponse<String> html =
          get(app, "/fail/io", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
      assertThat(html.statusCode()).isEqualTo(500);
      assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
      assertThat(html.body())
          .contains("<h1>Internal Server Error</h1>", "Request ID: " + requestId(html));
      assertNothingInternal(html.body());

      HttpResponse<String> plain = get(app, "/fail/runtime", "text/plain");
      assertThat(plain.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      assertThat(plain.body())
          .isEqualTo("500 Internal Server Error\nRequest ID: " + requestId(plain) + "\n");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void aResponseResetOrAStreamAlreadyTakenStillGetsTheAnswerAndTheRequestId(Container container)
      throws Exception {
    try (Container.Running app = container.deploy(new Application(), Map.of())) {
      HttpResponse<String> reset = get(app, "/fail/after-reset", null);
      assertThat(reset.statusCode()).isEqualTo(500);
      requestId(reset);
      assertThat(reset.body()).startsWith("{\"error\":").doesNotContain("half a page");
      assertNothingInternal(reset.body());

      HttpResponse<String> taken = get(app, "/fail/stream-taken", null);
      assertThat(taken.statusCode()).isEqualTo(500);
      requestId(taken);
      assertThat(taken.body()).startsWith("{\"error\":").doesNotContain("partial");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void sendErrorNeverShowsAServerErrorMessageAndRedactsClientErrorOnes(Container container)
      throws Exception {
    try (Container.Running app = container.deploy(new Application(), Map.of())) {
      for (int status : new int[] {500, 503}) {
        HttpResponse<String> response = get(app, "/send-error/" + status, "text/html");
        String id = requestId(response);
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("hunter2", "db-internal", "lookup failed");
        assertThat(LogCapture.keyValue(telemetry.accessEventFor(id), "status_code"))
            .isEqualTo(status);
      }
      HttpResponse<String> notFound = get(app, "/send-error/404", "text/html");
      assertThat(notFound.statusCode()).isEqualTo(404);
      requestId(notFound);
      assertThat(notFound.body()).doesNotContain("jane@example.com");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void everyResponseCarriesTheRequestId(Container container) throws Exception {
    try (Container.Running app = container.deploy(new Application(), Map.of())) {
      for (String path : new String[] {"/ok", "/no/such/page", "/send-error/400", "/fail/io"}) {
        HttpResponse<String> response = get(app, path, null);
        assertThat(response.headers().firstValue("X-Request-ID"))
            .as("X-Request-ID on %s (%d)", path, response.statusCode())
            .isPresent();
      }
    }
  }

  /**
   * With {@code errorAnswers=false} the container answers failures as it did before the filter
   * answered them (for applications with their own error pages), and the client and the telemetry
   * still agree on the status.
   */
  @ParameterizedTest
  @EnumSource(Container.class)
  void switchedOffTheContainerAnswersAndTheStatusesStillAgree(Container container)
      throws Exception {
    try (Container.Running app =
        container.deploy(new Application(), Map.of("observability.filter.errorAnswers", "false"))) {
      for (String path : new String[] {"/fail/runtime", "/fail/argument"}) {
        String id = "opt-out-" + path.substring(6);
        HttpResponse<String> response =
            CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                    .header("X-Request-ID", id)
                    .timeout(Telemetry.TIMEOUT)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(500);
        assertThat(response.body()).as("the container's own page").doesNotStartWith("{\"error\"");
        assertThat(LogCapture.keyValue(telemetry.accessEventFor(id), "status_code")).isEqualTo(500);
        // The exception went to the container, which logs it; the filter does not log it again.
        assertThat(telemetry.errorEventsFor(id)).isEmpty();
      }
    }
  }
}
