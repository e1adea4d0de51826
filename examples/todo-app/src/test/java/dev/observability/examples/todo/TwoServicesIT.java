package dev.observability.examples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.observability.testing.OtlpReceiver;
import dev.observability.testing.PrometheusText;
import dev.observability.testing.UnresponsiveServer;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example as two services, both packaged jars in their own processes, exporting to a real OTLP
 * receiver: a registration in the todo service sends its welcome e-mail through the observed job
 * queue to the mailer, and one trace and one request ID cover both; with the mailer stopped,
 * registration still succeeds and the job fails visibly (its metric, a WARN with the request ID).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoServicesIT {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir static Path work;

  private static OtlpReceiver receiver;
  private static Process mailer;
  private static Process todo;
  private static Path mailerOut;
  private static Path todoOut;
  private static URI todoBase;
  private static URI mailerBase;

  @BeforeAll
  static void startBoth() throws Exception {
    Path mailerJar = Path.of(System.getProperty("mailer.jar", "../mailer/target/mailer.jar"));
    assertThat(mailerJar)
        .as("the mailer's jar; build it with: mvn -pl examples/todo-app -am package")
        .exists();
    receiver = OtlpReceiver.start();
    int mailerPort = UnresponsiveServer.refusingPort();
    int todoPort = UnresponsiveServer.refusingPort();
    mailerBase = URI.create("http://127.0.0.1:" + mailerPort + "/");
    todoBase = URI.create("http://127.0.0.1:" + todoPort + "/");
    mailerOut = work.resolve("mailer.log");
    todoOut = work.resolve("todo.log");
    mailer = start(mailerJar, mailerOut, Map.of("PORT", Integer.toString(mailerPort)));
    todo =
        start(
            Path.of(System.getProperty("todo.jar")),
            todoOut,
            Map.of(
                "PORT",
                Integer.toString(todoPort),
                "H2_IN_MEMORY",
                "true",
                "PBKDF2_ITERATIONS",
                "1000",
                "MAILER_URL",
                mailerBase.toString()));
    await(() -> status(mailerBase, "health/live") == 200, () -> read(mailerOut));
    await(() -> status(todoBase, "health/live") == 200, () -> read(todoOut));
  }

  private static Process start(Path jar, Path out, Map<String, String> env) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString())
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    builder.environment().putAll(env);
    builder.environment().put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
    builder.environment().put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    builder.environment().put("OTEL_BSP_SCHEDULE_DELAY", "100");
    return builder.start();
  }

  @AfterAll
  static void stopBoth() throws Exception {
    Probes.stop(todo, mailer);
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  @Order(0)
  void theKubernetesProbesAndScrapeAnnotationsPointAtWhatTheServicesServe() throws Exception {
    Path manifest =
        Path.of(System.getProperty("ops.dir", "../ops")).resolve("kubernetes/todo-app.yaml");
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<JsonNode> documents =
        yaml.readValues(yaml.getFactory().createParser(manifest.toFile()), JsonNode.class)
            .readAll();
    Map<String, URI> running = Map.of("todo-app", todoBase, "mailer", mailerBase);
    int deployments = 0;
    for (JsonNode document : documents) {
      if (!"Deployment".equals(document.path("kind").asText())) {
        continue;
      }
      deployments++;
      JsonNode pod = document.path("spec").path("template");
      JsonNode container = pod.path("spec").path("containers").get(0);
      String name = container.path("name").asText();
      URI base = running.get(name);
      assertThat(base).as("a running service for container %s", name).isNotNull();
      int port = container.path("ports").get(0).path("containerPort").asInt();
      JsonNode portVariable = null;
      for (JsonNode variable : container.path("env")) {
        if (variable.path("name").asText().equals("PORT")) {
          portVariable = variable;
        }
      }
      assertThat(portVariable).as("%s sets PORT", name).isNotNull();
      assertThat(portVariable.path("value").asInt()).isEqualTo(port);
      for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
        JsonNode get = container.path(probe).path("httpGet");
        assertThat(get.path("port").asInt()).as("%s %s port", name, probe).isEqualTo(port);
        String path = get.path("path").asText();
        assertThat(status(base, path.substring(1)))
            .as("%s %s %s", name, probe, path)
            .isEqualTo(200);
      }
      JsonNode annotations = pod.path("metadata").path("annotations");
      assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
      assertThat(annotations.path("prometheus.io/port").asInt()).isEqualTo(port);
      assertThat(body(base, annotations.path("prometheus.io/path").asText().substring(1)))
          .contains("# TYPE service_info gauge");
    }
    assertThat(deployments).isEqualTo(2);
  }

  @Test
  @Order(1)
  void oneTraceAndOneRequestIdCoverTheRegistrationAndItsEmail() throws Exception {
    HttpResponse<String> registered = register("ada@example.com", "two-services-1");
    assertThat(registered.statusCode()).isEqualTo(201);

    JsonNode todoLine =
        await(
            () -> accessLine(todoOut, "/api/auth/register", "two-services-1"), () -> read(todoOut));
    JsonNode mailerLine =
        await(() -> accessLine(mailerOut, "/api/mail", "two-services-1"), () -> read(mailerOut));
    String traceId = todoLine.path("trace_id").asText();
    assertThat(traceId).hasSize(32);
    assertThat(mailerLine.path("trace_id").asText()).isEqualTo(traceId);
    assertThat(mailerLine.path("status_code").asInt()).isEqualTo(202);
    assertThat(read(mailerOut)).doesNotContain("ada@example.com");

    // The exported spans chain: todo's server span, the job, the client call, the mailer's span.
    Span server = awaitSpan(traceId, "todo-app", "POST /api/auth/register");
    Span job = awaitSpan(traceId, "todo-app", "mail");
    Span call = awaitSpan(traceId, "todo-app", "POST");
    Span mailed = awaitSpan(traceId, "mailer", "POST /api/mail");
    assertThat(call.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(parentOf(job)).isEqualTo(idOf(server));
    assertThat(parentOf(call)).isEqualTo(idOf(job));
    assertThat(parentOf(mailed)).isEqualTo(idOf(call));

    String todoMetrics = body(todoBase, "metrics");
    assertThat(value(todoMetrics, "emails_sent_total", Map.of("template", "welcome")))
        .isEqualTo(1.0);
    assertThat(value(todoMetrics, "executor_queued_tasks", Map.of("name", "mail"))).isEqualTo(0.0);
    assertThat(value(todoMetrics, "executor_seconds_count", Map.of("name", "mail"))).isEqualTo(1.0);
    assertThat(todoMetrics).contains("http_client_request_duration_seconds_count{");
    assertThat(
            value(
                body(mailerBase, "metrics"), "mail_delivered_total", Map.of("template", "welcome")))
        .isEqualTo(1.0);
  }

  @Test
  @Order(2)
  void aReminderGoesTheSameWay() throws Exception {
    String token =
        JSON.readTree(
                post(
                        "api/auth/login",
                        "{\"email\":\"ada@example.com\",\"password\":\"correct horse battery\"}",
                        null)
                    .body())
            .path("token")
            .asText();
    long task =
        JSON.readTree(post("api/tasks", "{\"title\":\"send the report\"}", token).body())
            .path("id")
            .asLong();

    HttpResponse<String> reminded = post("api/tasks/" + task + "/remind", "", token);

    assertThat(reminded.statusCode()).isEqualTo(202);
    await(
        () ->
            value(
                body(mailerBase, "metrics"),
                "mail_delivered_total",
                Map.of("template", "reminder")),
        () -> read(mailerOut));
    JsonNode line =
        await(
            () -> line(todoOut, l -> "/api/tasks/{id}/remind".equals(l.path("route").asText())),
            () -> read(todoOut));
    assertThat(line.path("status_code").asInt()).isEqualTo(202);
  }

  private static HttpResponse<String> post(String path, String body, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(todoBase.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(3)
  void withTheMailerDownRegistrationSucceedsAndTheJobFailsVisibly() throws Exception {
    mailer.destroy();
    assertThat(mailer.waitFor(30, TimeUnit.SECONDS)).isTrue();

    HttpResponse<String> registered = register("grace@example.com", "two-services-2");

    assertThat(registered.statusCode()).isEqualTo(201);
    JsonNode warn =
        await(
            () ->
                line(
                    todoOut,
                    l ->
                        "job failed".equals(l.path("message").asText())
                            && "two-services-2".equals(l.path("request_id").asText())),
            () -> read(todoOut));
    assertThat(warn.path("level").asText()).isEqualTo("ERROR");
    assertThat(warn.path("job").asText()).isEqualTo("mail");
    await(
        () -> {
          String metrics = body(todoBase, "metrics");
          Double failed = value(metrics, "emails_failed_total", Map.of("template", "welcome"));
          return failed != null && failed >= 1.0 ? metrics : null;
        },
        () -> read(todoOut));
    String metrics = body(todoBase, "metrics");
    assertThat(
            value(
                metrics,
                "executor_failed_total",
                Map.of("name", "mail", "error_type", "java.io.UncheckedIOException")))
        .isEqualTo(1.0);
    assertThat(status(todoBase, "health/live")).isEqualTo(200);
    assertThat(register("hopper@example.com", "two-services-3").statusCode()).isEqualTo(201);
  }

  private static HttpResponse<String> register(String email, String requestId)
      throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(todoBase.resolve("api/auth/register"))
            .timeout(Duration.ofSeconds(30))
            .header("X-Request-ID", requestId)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode accessLine(Path log, String path, String requestId) {
    return line(
        log,
        l ->
            "dev.observability.access".equals(l.path("logger").asText())
                && path.equals(l.path("path").asText())
                && requestId.equals(l.path("request_id").asText()));
  }

  /** The first JSON line of {@code log} that matches, or {@code null}. */
  private static JsonNode line(Path log, java.util.function.Predicate<JsonNode> matches) {
    for (String text : read(log).split("\n")) {
      if (!text.startsWith("{")) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(text);
        if (matches.test(node)) {
          return node;
        }
      } catch (IOException partialLine) {
        // the process is still writing it
      }
    }
    return null;
  }

  private static Span awaitSpan(String traceId, String service, String name)
      throws InterruptedException {
    return await(() -> span(traceId, service, name).orElse(null), TwoServicesIT::spanNames);
  }

  private static Optional<Span> span(String traceId, String service, String name) {
    for (ResourceSpans resource : receiver.resourceSpans()) {
      if (!service.equals(
          OtlpReceiver.stringAttribute(
              resource.getResource().getAttributesList(), "service.name"))) {
        continue;
      }
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        for (Span span : scope.getSpansList()) {
          if (span.getName().equals(name)
              && HexFormat.of().formatHex(span.getTraceId().toByteArray()).equals(traceId)) {
            return Optional.of(span);
          }
        }
      }
    }
    return Optional.empty();
  }

  private static String spanNames() {
    List<String> names = new ArrayList<>();
    receiver.spans().forEach(s -> names.add(s.getName()));
    return "spans received: " + names;
  }

  private static String idOf(Span span) {
    return HexFormat.of().formatHex(span.getSpanId().toByteArray());
  }

  private static String parentOf(Span span) {
    return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
  }

  private static int status(URI base, String path) {
    return Probes.status(base.resolve(path));
  }

  private static String body(URI base, String path) {
    return Probes.body(base.resolve(path));
  }

  private static String read(Path path) {
    return Probes.read(path);
  }

  /**
   * Waits for {@code probe} to give a value (or true), far longer than it takes on a busy machine;
   * fails with {@code context} when it never does.
   */
  private static <T> T await(Supplier<T> probe, Supplier<String> context)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null && !Boolean.FALSE.equals(value)) {
        return value;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("waited " + PATIENCE.toSeconds() + " s; " + context.get());
  }

  /** The value of the sample of {@code name} whose labels include {@code labels}, or null. */
  private static Double value(String metrics, String name, Map<String, String> labels) {
    return PrometheusText.parse(metrics).samples(name).stream()
        .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
        .map(PrometheusText.Sample::value)
        .findFirst()
        .orElse(null);
  }
}
