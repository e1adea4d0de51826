package dev.observability.examples.todo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.observability.core.Observability;
import dev.observability.testing.PrometheusText;
import dev.observability.testing.UnresponsiveServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the packaged service as a separate process, driven by the synthetic monitor, its
 * stdout, metrics and health read back; the ops kit checked by promtool and a real Prometheus
 * scraping the running service.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TodoAppIT {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Path OPS = Path.of(System.getProperty("ops.dir", "../ops"));

  @TempDir static Path work;

  private static int dbPort;
  private static Server database;
  private static Process app;
  private static Path stdout;
  private static URI base;
  private static List<SyntheticMonitor.Step> steps;
  private static final List<String> secrets = new ArrayList<>();

  @BeforeAll
  static void startDatabaseAndService() throws Exception {
    dbPort = UnresponsiveServer.refusingPort();
    database = startDatabase();
    int port = UnresponsiveServer.refusingPort();
    base = URI.create("http://127.0.0.1:" + port + "/");
    stdout = work.resolve("stdout.log");
    ProcessBuilder builder =
        new ProcessBuilder(javaBin(), "-jar", System.getProperty("todo.jar"))
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(stdout.toFile());
    builder.environment().put("PORT", Integer.toString(port));
    builder
        .environment()
        .put("DATABASE_URL", "jdbc:h2:tcp://127.0.0.1:" + dbPort + "/mem:todo;DB_CLOSE_DELAY=-1");
    builder
        .environment()
        .put("SLOW_QUERY_MS", "0"); // every statement reports, to check those lines too
    builder.environment().put("PBKDF2_ITERATIONS", "50000");
    builder.environment().put("SMTP_HOST", "mail.internal");
    app = builder.start();
    await(Duration.ofSeconds(60), () -> status("/health/live") == 200);
    assertThat(status("/health/live")).as(read(stdout)).isEqualTo(200);
  }

  private static Server startDatabase() throws Exception {
    return Server.createTcpServer("-tcpPort", Integer.toString(dbPort), "-ifNotExists").start();
  }

  @AfterAll
  static void stop() throws Exception {
    Probes.stop(app);
    if (database != null) {
      database.stop();
    }
  }

  @Test
  @Order(1)
  void syntheticMonitorPassesEveryStep() {
    Observability observability =
        Observability.builder()
            .registerShutdownHook(false)
            .set("observability.metrics.jvm.enabled", "false")
            .build();
    try {
      steps = new SyntheticMonitor(base, observability).runOnce();
      assertThat(steps)
          .extracting(SyntheticMonitor.Step::name)
          .containsExactly(
              "health",
              "register",
              "login",
              "create task",
              "read task",
              "update task",
              "delete task",
              "task is gone");
      assertThat(steps).allSatisfy(step -> assertThat(step.passed()).as(step.toString()).isTrue());
      assertThat(
              observability
                  .meterRegistry()
                  .get("synthetic.check.success")
                  .tag("step", "login")
                  .gauge()
                  .value())
          .isEqualTo(1);
    } finally {
      observability.close();
    }
    // What the monitor sent that must never show up in a log: its e-mail and password, and the
    // token.
    secrets.addAll(SyntheticMonitor.lastSecrets());
  }

  @Test
  @Order(2)
  void everyLogLineIsJsonAndCarriesItsRequestsId() throws Exception {
    Thread.sleep(200); // let the last access-log lines reach stdout
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(stdout)) {
      try {
        lines.add(Api.JSON.readTree(line));
      } catch (IOException e) {
        fail("not a JSON line: " + line);
      }
    }
    Map<String, String> pathByRequestId = new HashMap<>();
    for (JsonNode line : lines) {
      if (line.path("logger").asText().equals("dev.observability.access")) {
        pathByRequestId.put(line.path("request_id").asText(), line.path("path").asText());
      }
    }
    for (SyntheticMonitor.Step step : steps) {
      if (!step.name().equals("health")) { // health probes are skipped by the access log
        assertThat(pathByRequestId).as("access line for %s", step).containsKey(step.requestId());
      }
    }
    Set<String> requestIds = new HashSet<>();
    for (JsonNode line : lines) {
      if (line.has("request_id")) {
        String id = line.path("request_id").asText();
        requestIds.add(id);
        // Every line of a request (slow queries, business events, security events) shares its ID
        // with that request's access line.
        assertThat(pathByRequestId).as("request of %s", line).containsKey(id);
        assertThat(line.has("trace_id")).isTrue();
      }
    }
    assertThat(requestIds)
        .hasSizeGreaterThanOrEqualTo(steps.size() - 1); // all but the health probe
    assertThat(lines)
        .anySatisfy(l -> assertThat(l.path("message").asText()).isEqualTo("slow query"));
  }

  @Test
  @Order(3)
  void logsHoldNoPasswordTokenOrFullEmail() throws Exception {
    String all = read(stdout);
    assertThat(secrets).hasSize(3);
    for (String secret : secrets) {
      assertThat(all).doesNotContain(secret);
    }
    Matcher emails =
        Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}").matcher(all);
    while (emails.find()) {
      assertThat(emails.group())
          .as("full e-mail address in the logs")
          .matches("[A-Za-z0-9]\\*\\*\\*@.*");
    }
  }

  @Test
  @Order(4)
  void metricsHoldEveryFamilyWithTemplatedRoutesOnly() throws Exception {
    PrometheusText text = PrometheusText.parse(get("/metrics").body());
    for (String sample :
        List.of(
            "http_server_request_duration_seconds_bucket",
            "http_server_active_requests",
            "db_client_operation_duration_seconds_count",
            "db_client_slow_operations_total",
            "db_client_connection_count",
            "db_client_connection_max",
            "health_check_status",
            "health_check_duration_seconds_count",
            "todo_registrations_total",
            "todo_logins_total",
            "todo_task_creations_total",
            "todo_task_completions_total",
            "todo_task_operation_seconds_bucket",
            "jvm_memory_used_bytes")) {
      assertThat(text.samples(sample)).as(sample).isNotEmpty();
    }
    Set<String> routes = new HashSet<>();
    text.samples("http_server_request_duration_seconds_count")
        .forEach(s -> routes.add(s.labels().get("http_route")));
    assertThat(routes)
        .contains("/api/tasks/{id}", "/api/auth/login", "/api/tasks")
        .allSatisfy(route -> assertThat(route).doesNotMatch(".*/\\d+(/.*)?"));
  }

  @Test
  @Order(6)
  void opsKitPassesPromtool() throws Exception {
    assertThat(promtool("check", "config", OPS.resolve("prometheus.yml").toString()))
        .contains("SUCCESS");
    assertThat(promtool("check", "rules", OPS.resolve("alert_rules.yml").toString()))
        .contains("SUCCESS");
    assertThat(promtool("test", "rules", OPS.resolve("alert_rules_test.yml").toString()))
        .contains("SUCCESS");
  }

  @Test
  @Order(6)
  void alertmanagerRoutesBySeverityAndADatabaseOutagePagesOnce() throws Exception {
    String config = OPS.resolve("alertmanager.yml").toString();
    assertThat(run("amtool", "check-config", config)).contains("SUCCESS");
    for (String[] route :
        new String[][] {
          {"critical", "pager"},
          {"high", "slack"},
          {"warning", "slack"},
          {"low", "email"},
          {"info", "email"}
        }) {
      run(
          "amtool",
          "config",
          "routes",
          "test",
          "--config.file=" + config,
          "--verify.receivers=" + route[1],
          "severity=" + route[0],
          "alertname=Any",
          "job=todo-app");
    }

    // Inhibition, in a running Alertmanager: the database is down, so the same service's error
    // rate is a symptom and stays quiet; another service's error rate still notifies, and its
    // critical latency silences its own lower latency tier.
    int port = UnresponsiveServer.refusingPort();
    Process alertmanager =
        new ProcessBuilder(
                alertmanagerBinary(),
                "--config.file=" + config,
                "--storage.path=" + work.resolve("alertmanager"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("alertmanager.log").toFile())
            .start();
    try {
      String api = "http://127.0.0.1:" + port + "/api/v2/";
      await(Duration.ofSeconds(60), () -> body(api + "status").contains("\"cluster\""));
      String alerts =
          "["
              + alert("DatabaseDown", "todo-app", "critical")
              + ","
              + alert("ErrorRateCritical", "todo-app", "critical")
              + ","
              + alert("ErrorRateCritical", "billing", "critical")
              + ","
              + alert("LatencyP95Critical", "billing", "critical")
              + ","
              + alert("LatencyP95High", "billing", "warning")
              + "]";
      HttpResponse<String> posted =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create(api + "alerts"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(alerts))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).as(read(work.resolve("alertmanager.log"))).isEqualTo(200);
      await(
          Duration.ofSeconds(30),
          () -> body(api + "alerts").split("\"inhibitedBy\":\\[\"", -1).length > 2);
      Map<String, String> states = new HashMap<>();
      for (JsonNode alert : Api.JSON.readTree(body(api + "alerts"))) {
        states.put(
            alert.path("labels").path("alertname").asText()
                + "/"
                + alert.path("labels").path("job").asText(),
            alert.path("status").path("state").asText());
      }
      assertThat(states)
          .containsEntry("DatabaseDown/todo-app", "active")
          .containsEntry("ErrorRateCritical/todo-app", "suppressed")
          .containsEntry("ErrorRateCritical/billing", "active")
          .containsEntry("LatencyP95Critical/billing", "active")
          .containsEntry("LatencyP95High/billing", "suppressed");
    } finally {
      alertmanager.destroy();
      alertmanager.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String alert(String name, String job, String severity) {
    return "{\"labels\":{\"alertname\":\""
        + name
        + "\",\"job\":\""
        + job
        + "\",\"severity\":\""
        + severity
        + "\"},\"annotations\":{\"summary\":\"test\"}}";
  }

  private static String alertmanagerBinary() {
    return Probes.executable("prometheus-alertmanager", "alertmanager");
  }

  @Test
  @Order(7)
  void aRealPrometheusScrapesTheServiceAndAnswersARateQuery() throws Exception {
    int promPort = UnresponsiveServer.refusingPort();
    Path config = work.resolve("prometheus.yml");
    Files.copy(OPS.resolve("alert_rules.yml"), work.resolve("alert_rules.yml"));
    Files.writeString(
        config,
        read(OPS.resolve("prometheus.yml"))
            .replace("scrape_interval: 15s", "scrape_interval: 1s")
            .replace("localhost:8080", base.getHost() + ":" + base.getPort()));
    Process prometheus =
        new ProcessBuilder(
                prometheusBinary(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("tsdb"),
                "--enable-feature=exemplar-storage",
                "--web.listen-address=127.0.0.1:" + promPort)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("prometheus.log").toFile())
            .start();
    try {
      String api = "http://127.0.0.1:" + promPort + "/api/v1/";
      await(Duration.ofSeconds(60), () -> body(api + "targets").contains("\"health\":\"up\""));
      assertThat(body(api + "targets"))
          .as(read(work.resolve("prometheus.log")))
          .contains("\"health\":\"up\"");
      for (int i = 0; i < 5; i++) {
        get("/api/tasks"); // 401s are traffic too
      }
      String query =
          api
              + "query?query="
              + URLEncoder.encode(
                  "sum(rate(http_server_request_duration_seconds_count{job=\"todo-app\"}[1m]))",
                  StandardCharsets.UTF_8);
      await(Duration.ofSeconds(60), () -> body(query).contains("\"result\":[{"));
      JsonNode result = Api.JSON.readTree(body(query));
      assertThat(result.path("status").asText()).isEqualTo("success");
      assertThat(result.path("data").path("result")).isNotEmpty();
      assertThat(
              Double.parseDouble(
                  result.path("data").path("result").get(0).path("value").get(1).asText()))
          .isPositive();

      // The latency histogram's exemplars lead to traces: each names the trace of a request
      // whose access line carries the same trace_id.
      String exemplars =
          api
              + "query_exemplars?query="
              + URLEncoder.encode(
                  "http_server_request_duration_seconds_bucket{job=\"todo-app\"}",
                  StandardCharsets.UTF_8)
              + "&start="
              + (System.currentTimeMillis() / 1000 - 3600)
              + "&end="
              + (System.currentTimeMillis() / 1000 + 60);
      await(Duration.ofSeconds(60), () -> body(exemplars).contains("\"trace_id\""));
      JsonNode found = Api.JSON.readTree(body(exemplars));
      assertThat(found.path("data")).as(body(exemplars)).isNotEmpty();
      String traceId =
          found
              .path("data")
              .get(0)
              .path("exemplars")
              .get(0)
              .path("labels")
              .path("trace_id")
              .asText();
      assertThat(traceId).matches("[0-9a-f]{32}");
      assertThat(read(stdout)).contains("\"trace_id\":\"" + traceId + "\"");
    } finally {
      prometheus.destroy();
      prometheus.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(8)
  void readinessFollowsTheDatabaseWhileLivenessStaysUp() throws Exception {
    assertThat(status("/health/ready")).isEqualTo(200);
    database.stop();
    try {
      await(Duration.ofSeconds(30), () -> status("/health/ready") == 503);
      assertThat(status("/health/ready")).isEqualTo(503);
      assertThat(status("/health/live")).isEqualTo(200);
      assertThat(get("/health").body())
          .contains("\"database\":{\"status\":\"down\"")
          .doesNotContain("127.0.0.1:" + dbPort);
    } finally {
      database = startDatabase();
    }
    await(Duration.ofSeconds(30), () -> status("/health/ready") == 200);
    assertThat(status("/health/ready")).isEqualTo(200);
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String prometheusBinary() {
    return Probes.executable("prometheus");
  }

  private static String promtool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    return run(command.toArray(new String[0]));
  }

  /** Runs a command; fails the test unless it exits 0 within a minute. */
  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(base.resolve(path.substring(1)))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int status(String path) {
    return Probes.status(base.resolve(path.substring(1)));
  }

  private static String body(String url) {
    return Probes.body(URI.create(url));
  }

  private static String read(Path path) {
    return Probes.read(path);
  }

  private static void await(Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    Probes.await(timeout, condition);
  }
}
