package dev.observability.springboot.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.observability.core.RequestContext;
import dev.observability.jdbc.ObservableDataSource;
import dev.observability.servlet.RequestObservabilityFilter;
import dev.observability.testing.LogCapture;
import dev.observability.testing.OtlpReceiver;
import dev.observability.testing.PrometheusText;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The checks the plain-servlet tests make, made on a Spring Boot application that has the starter
 * and nothing else: request IDs, the access line with its MDC, server and client spans in one
 * trace, slow-query and N+1 warnings, Flyway through the observed pool, health, and a scrape with
 * each family once.
 */
abstract class BootAppChecks {

  static OtlpReceiver receiver;
  static ConfigurableApplicationContext context;
  static LogCapture access;
  static LogCapture slow;
  static LogCapture nPlusOne;
  static LogCapture errors;
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void startApplication() throws Exception {
    receiver = OtlpReceiver.start();
    // Without Boot's SDK, the library's own one reads OpenTelemetry's standard settings; with it,
    // Boot's management.* settings below configure the one SDK (each Boot line ignores the
    // other's names).
    System.setProperty("otel.exporter.otlp.endpoint", receiver.endpoint());
    System.setProperty("otel.exporter.otlp.protocol", "http/protobuf");
    System.setProperty("otel.bsp.schedule.delay", "50");
    context =
        SpringApplication.run(
            UsersApplication.class,
            "--server.port=0",
            "--spring.application.name=users",
            "--spring.datasource.url=jdbc:h2:mem:users;DB_CLOSE_DELAY=-1",
            "--observability.jdbc.slow-query-threshold=100ms",
            "--management.endpoints.web.exposure.include=health,prometheus",
            "--management.endpoint.health.show-details=always",
            "--management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.tracesEndpoint(),
            "--management.opentelemetry.tracing.export.schedule-delay=50ms",
            "--management.otlp.tracing.endpoint=" + receiver.tracesEndpoint(), // Boot 3's name
            "--management.tracing.sampling.probability=1.0");
    // After the start: Spring Boot's logging system resets Logback's appenders when it starts.
    access = LogCapture.of(RequestObservabilityFilter.ACCESS_LOGGER);
    slow = LogCapture.of(ObservableDataSource.SLOW_QUERY_LOGGER);
    nPlusOne = LogCapture.of(ObservableDataSource.N_PLUS_ONE_LOGGER);
    errors = LogCapture.of(RequestObservabilityFilter.ERROR_LOGGER);
  }

  @AfterAll
  static void stopApplication() {
    if (context != null) {
      context.close();
    }
    System.clearProperty("otel.exporter.otlp.endpoint");
    System.clearProperty("otel.exporter.otlp.protocol");
    System.clearProperty("otel.bsp.schedule.delay");
    for (AutoCloseable closeable : new AutoCloseable[] {access, slow, nPlusOne, errors, receiver}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception ignored) {
        // best effort
      }
    }
  }

  static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port() + path))
            .timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static int port() {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  /** The scrape this application serves. */
  abstract String scrapePath();

  /**
   * The captured events that match, once there is one: the access line and the N+1 report are
   * written when the request ends, which may be after the client has its answer.
   */
  static List<ILoggingEvent> awaitEvents(LogCapture capture, Predicate<ILoggingEvent> match)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<ILoggingEvent> found =
          capture.events().stream().filter(match).collect(Collectors.toList());
      if (!found.isEmpty() || System.nanoTime() > deadline) {
        return found;
      }
      Thread.sleep(20);
    }
  }

  static Predicate<ILoggingEvent> accessLineOf(String path, String requestId) {
    return e ->
        path.equals(LogCapture.keyValue(e, "path"))
            && requestId.equals(e.getMDCPropertyMap().get(RequestContext.MDC_REQUEST_ID));
  }

  @Test
  void requestIdsAreMintedKeptAndInTheAccessLineWithTheMdc() throws Exception {
    HttpResponse<String> minted = get("/api/users/alice");
    assertThat(minted.statusCode()).isEqualTo(200);
    String id = minted.headers().firstValue("X-Request-ID").orElseThrow();
    HttpResponse<String> kept = get("/api/users/bob", "X-Request-ID", "req-from-the-caller-1");
    assertThat(kept.headers().firstValue("X-Request-ID")).contains("req-from-the-caller-1");

    List<ILoggingEvent> lines =
        awaitEvents(access, accessLineOf("/api/users/bob", "req-from-the-caller-1"));
    assertThat(lines).hasSize(1);
    ILoggingEvent line = lines.get(0);
    assertThat(line.getMDCPropertyMap()).containsKey(RequestContext.MDC_TRACE_ID);
    assertThat(LogCapture.keyValue(line, "route")).isEqualTo("/api/users/{name}");
    assertThat(LogCapture.keyValue(line, "status_code")).isEqualTo(200);
    assertThat(awaitEvents(access, accessLineOf("/api/users/alice", id))).hasSize(1);
  }

  @Test
  void theServerSpanAndItsDatabaseSpansShareOneTrace() throws Exception {
    get("/api/users/alice");
    Span server =
        awaitSpan(
            s ->
                s.getKind() == Span.SpanKind.SPAN_KIND_SERVER
                    && s.getName().equals("GET /api/users/{name}"));
    Span query =
        awaitSpan(
            s ->
                s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT
                    && s.getTraceId().equals(server.getTraceId()));
    assertThat(query.getParentSpanId()).isEqualTo(server.getSpanId());
    // Spring's own server observation is off: one server span per request, not two.
    assertThat(
            receiver.spans().stream()
                .filter(s -> s.getTraceId().equals(server.getTraceId()))
                .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER))
        .hasSize(1);
  }

  static Span awaitSpan(java.util.function.Predicate<Span> match) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (Span span : receiver.spans()) {
        if (match.test(span)) {
          return span;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no such span among " + receiver.spans().size());
  }

  @Test
  void slowQueriesAndNPlusOneAreReported() throws Exception {
    assertThat(get("/api/slow").statusCode()).isEqualTo(200);
    assertThat(awaitEvents(slow, e -> String.valueOf(e.getKeyValuePairs()).contains("PAUSE")))
        .isNotEmpty();
    assertThat(get("/api/report").statusCode()).isEqualTo(200);
    assertThat(
            awaitEvents(
                nPlusOne, e -> (e.getFormattedMessage() + e.getKeyValuePairs()).contains("users")))
        .isNotEmpty();
  }

  @Test
  void routesComeFromSpringMvcAndFailuresAreAnsweredSafely() throws Exception {
    for (String name : List.of("alice", "bob", "carol-does-not-exist-but-still-one-route")) {
      get("/api/users/" + name);
    }
    HttpResponse<String> failed = get("/api/fail");
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.body())
        .contains("\"code\":\"internal_error\"")
        .contains(failed.headers().firstValue("X-Request-ID").orElseThrow())
        .doesNotContain("hunter2")
        .doesNotContain("4111")
        .doesNotContain("IllegalStateException")
        .doesNotContain("at dev.");
    assertThat(errors.events()).hasSize(1);

    HttpResponse<String> missing = get("/no/such/page");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("X-Request-ID")).isPresent();

    PrometheusText text = PrometheusText.parse(get(scrapePath()).body());
    List<PrometheusText.Sample> counts = text.samples("http_server_request_duration_seconds_count");
    assertThat(counts)
        .filteredOn(s -> s.labels().get("http_route").startsWith("/api/users"))
        .extracting(s -> s.labels().get("http_route"))
        .containsOnly("/api/users/{name}");
    assertThat(counts)
        .anySatisfy(
            s ->
                assertThat(s.labels())
                    .containsEntry("http_route", "/api/fail")
                    .containsEntry("http_response_status_code", "500")
                    .containsEntry("error_type", "java.lang.IllegalStateException"));
    assertThat(counts)
        .anySatisfy(
            s ->
                assertThat(s.labels())
                    .containsEntry("http_route", RequestObservabilityFilter.ROUTE_NOT_FOUND)
                    .containsEntry("http_response_status_code", "404"));
  }

  @Test
  void flywayMigratedThroughTheObservedPool() throws Exception {
    PrometheusText text = PrometheusText.parse(get(scrapePath()).body());
    assertThat(text.samples("db_client_operation_duration_seconds_count"))
        .anySatisfy(
            s ->
                assertThat(s.labels())
                    .containsEntry("db_operation_name", "CREATE")
                    .containsEntry("db_system_name", "h2"));
    assertThat(text.samples("db_client_operation_duration_seconds_count"))
        .anySatisfy(
            s ->
                assertThat(s.labels())
                    .containsEntry("db_collection_name", "PUBLIC.flyway_schema_history"));
  }

  @Test
  void theScrapeHoldsEachFamilyOnceAndNoSecondRequestTimer() throws Exception {
    get("/api/users/alice");
    String body = get(scrapePath()).body();
    Map<String, Integer> typeLines = new HashMap<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        typeLines.merge(line.split(" ")[2], 1, Integer::sum);
      }
    }
    List<String> twice = new ArrayList<>();
    typeLines.forEach(
        (family, count) -> {
          if (count > 1) {
            twice.add(family);
          }
        });
    assertThat(twice).isEmpty();
    assertThat(typeLines)
        .containsKeys(
            "http_server_request_duration_seconds",
            "jvm_memory_used_bytes",
            "db_client_operation_duration_seconds",
            "db_client_connection_max", // Hikari's pool, through its own hook
            "db_client_connection_count")
        .doesNotContainKey("http_server_requests_seconds");
    PrometheusText text = PrometheusText.parse(body);
    assertThat(text.series("jvm_memory_used_bytes"))
        .as("JVM metrics bound once: one series per memory pool")
        .doesNotHaveDuplicates();
  }

  @Test
  void latencyBucketsCarryTheTraceOfASampledRequestAsAnExemplar() throws Exception {
    String requestId = "exemplar-" + System.nanoTime();
    get("/api/users/alice", "X-Request-ID", requestId);
    List<ILoggingEvent> line = awaitEvents(access, accessLineOf("/api/users/alice", requestId));
    assertThat(line).hasSize(1);
    String traceId = line.get(0).getMDCPropertyMap().get(RequestContext.MDC_TRACE_ID);
    assertThat(traceId).matches("[0-9a-f]{32}");
    // Prometheus asks for OpenMetrics, the format that carries exemplars.
    String body =
        get(scrapePath(), "Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
            .body();
    List<String> exemplarTraces = new ArrayList<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "(?m)^http_server_request_duration_seconds_bucket\\{[^}]*} \\S+ # \\{[^}]*trace_id=\"([0-9a-f]{32})\"")
            .matcher(body);
    while (m.find()) {
      exemplarTraces.add(m.group(1));
    }
    // A bucket keeps its exemplar for a while, so it may name an earlier request: every one
    // names a request of this application, whose access line has the same trace.
    List<String> loggedTraces =
        access.events().stream()
            .map(e -> e.getMDCPropertyMap().get(RequestContext.MDC_TRACE_ID))
            .collect(Collectors.toList());
    assertThat(exemplarTraces).as(body).isNotEmpty();
    assertThat(loggedTraces).containsAll(exemplarTraces);
    assertThat(body)
        .as("no exemplar on _count: Prometheus before 2.43 drops such a scrape")
        .doesNotContainPattern("(?m)^\\w+_count\\{[^}]*} \\S+ # \\{");
  }
}
