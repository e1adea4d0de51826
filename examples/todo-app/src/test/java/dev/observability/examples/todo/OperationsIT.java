package dev.observability.examples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.observability.testing.UnresponsiveServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations kit against what an operator runs: the example on a real PostgreSQL server (the
 * Debian package, started here), its mailer, prometheus-node-exporter and
 * prometheus-postgres-exporter, all scraped by a real Prometheus that loads the shipped
 * configuration and alert rules. The tests produce what the dashboards exist to show (users logging
 * in and failing to, a slow query, a failed job, a database outage) and then check that every panel
 * of every dashboard answers, that those conditions show, that every metric an alert reads is a
 * real series, and that the database and host alerts evaluate on real series.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Path OPS = Path.of(System.getProperty("ops.dir", "../ops"));
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final long SLOW_QUERY_MS = 200;

  @TempDir static Path work;

  private static PostgresServer postgres;
  private static final List<Process> processes = new ArrayList<>();
  private static Process mailer;
  private static Path todoOut;
  private static URI todo;
  private static String prometheus;
  private static String token;
  private static long taskId;
  private static final Set<String> alertsSeenDuringOutage = new TreeSet<>();

  @BeforeAll
  static void startEverything() throws Exception {
    postgres = PostgresServer.create(UnresponsiveServer.refusingPort());
    postgres.createDatabase("todo");

    int nodePort = UnresponsiveServer.refusingPort();
    start(
        "node-exporter",
        Map.of(),
        Probes.executable("prometheus-node-exporter", "node_exporter"),
        "--web.listen-address=127.0.0.1:" + nodePort);
    int postgresExporterPort = UnresponsiveServer.refusingPort();
    start(
        "postgres-exporter",
        Map.of("DATA_SOURCE_NAME", postgres.exporterDsn("todo")),
        Probes.executable("prometheus-postgres-exporter", "postgres_exporter"),
        "--web.listen-address=127.0.0.1:" + postgresExporterPort);

    int mailerPort = UnresponsiveServer.refusingPort();
    mailer =
        start(
            "mailer",
            Map.of("PORT", Integer.toString(mailerPort)),
            java(),
            "-jar",
            System.getProperty("mailer.jar", "../mailer/target/mailer.jar"));
    int todoPort = UnresponsiveServer.refusingPort();
    todo = URI.create("http://127.0.0.1:" + todoPort + "/");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PORT", Integer.toString(todoPort));
    env.put("DATABASE_URL", postgres.jdbcUrl("todo"));
    env.put("DATABASE_USER", PostgresServer.USER);
    env.put("PBKDF2_ITERATIONS", "1000");
    env.put("MAILER_URL", "http://127.0.0.1:" + mailerPort);
    env.put("SLOW_QUERY_MS", Long.toString(SLOW_QUERY_MS));
    start("todo", env, java(), "-jar", System.getProperty("todo.jar"));
    todoOut = work.resolve("todo.log");
    await(() -> Probes.status(todo.resolve("health/live")) == 200);
    assertThat(Probes.status(todo.resolve("health/live"))).as(Probes.read(todoOut)).isEqualTo(200);

    int prometheusPort = UnresponsiveServer.refusingPort();
    Files.copy(OPS.resolve("alert_rules.yml"), work.resolve("alert_rules.yml"));
    Files.writeString(
        work.resolve("prometheus.yml"),
        Files.readString(OPS.resolve("prometheus.yml"))
            // 2 s, not 1: the PostgreSQL exporter takes a second to say the server is gone, and a
            // scrape may not outlast its interval.
            .replace("scrape_interval: 15s", "scrape_interval: 2s")
            .replace("evaluation_interval: 15s", "evaluation_interval: 1s")
            .replace("localhost:8080", "127.0.0.1:" + todoPort)
            .replace("localhost:8081", "127.0.0.1:" + mailerPort)
            .replace("localhost:9100", "127.0.0.1:" + nodePort)
            .replace("localhost:9187", "127.0.0.1:" + postgresExporterPort));
    start(
        "prometheus",
        Map.of(),
        Probes.executable("prometheus"),
        "--config.file=" + work.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + work.resolve("tsdb"),
        "--enable-feature=exemplar-storage",
        "--web.listen-address=127.0.0.1:" + prometheusPort);
    prometheus = "http://127.0.0.1:" + prometheusPort + "/api/v1/";
    await(() -> targetsUp() == 4);
    assertThat(targetsUp())
        .as(
            Probes.body(URI.create(prometheus + "targets"))
                + Probes.read(work.resolve("prometheus.log")))
        .isEqualTo(4);
  }

  @AfterAll
  static void stopEverything() throws Exception {
    Probes.stop(processes.toArray(new Process[0]));
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  @Order(1)
  void usersRegisterLogInAndWorkOnTasks() throws Exception {
    assertThat(
            post(
                    "api/auth/register",
                    "{\"email\":\"ops@example.com\",\"password\":\"ops-secret-pw\"}")
                .statusCode())
        .isEqualTo(201);
    HttpResponse<String> login =
        post("api/auth/login", "{\"email\":\"ops@example.com\",\"password\":\"ops-secret-pw\"}");
    assertThat(login.statusCode()).isEqualTo(200);
    token = Api.JSON.readTree(login.body()).path("token").asText();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> created = post("api/tasks", "{\"title\":\"task " + i + "\"}");
      assertThat(created.statusCode()).isEqualTo(201);
      taskId = Api.JSON.readTree(created.body()).path("id").asLong();
    }
    assertThat(send("PUT", "api/tasks/" + taskId, "{\"done\":true}").statusCode()).isEqualTo(200);
    assertThat(get("api/tasks").statusCode()).isEqualTo(200);
    // The welcome e-mail reached the mailer.
    await(() -> mailDelivered() > 0);
    assertThat(mailDelivered()).as(Probes.read(todoOut)).isPositive();
  }

  @Test
  @Order(2)
  void onAHealthyServiceEveryPanelAnswers() throws Exception {
    // Nothing has failed yet: error, failure and slow-query panels answer 0 rather than nothing
    // (an empty panel reads as "broken" to someone on call).
    Map<String, JsonNode> dashboards = dashboards();
    List<String> empty = new ArrayList<>();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    do {
      empty.clear();
      answers(dashboards, empty);
    } while (!empty.isEmpty() && System.nanoTime() < deadline && sleep(2_000));
    assertThat(empty).as("panel queries without data on a healthy service").isEmpty();
  }

  @Test
  @Order(3)
  void repeatedFailedLoginsHitTheRateLimit() throws Exception {
    // An account of its own: ops@example.com's login above counted towards its allowance. The
    // limit's minute windows start with the service, so one may end among these attempts and
    // grant ten more: the first refusal comes after at least ten failures, at most twenty.
    List<Integer> statuses = new ArrayList<>();
    int refused = 0;
    for (int i = 0; i < 25 && refused < 2; i++) {
      HttpResponse<String> attempt =
          post(
              "api/auth/login",
              "{\"email\":\"target@example.com\",\"password\":\"guess-" + i + "\"}");
      statuses.add(attempt.statusCode());
      if (attempt.statusCode() == 429) {
        refused++;
        assertThat(attempt.headers().firstValue("Retry-After")).isPresent();
      }
      Thread.sleep(150); // spread over scrapes, so rates see more than the first sample
    }
    assertThat(statuses).as(statuses.toString()).contains(429).containsOnly(401, 429);
    assertThat(statuses.indexOf(429)).as(statuses.toString()).isBetween(10, 20);
  }

  @Test
  @Order(4)
  void aLockedTableMakesAQuerySlow() throws Exception {
    for (int round = 0; round < 2; round++) {
      try (Connection locker =
              DriverManager.getConnection(postgres.jdbcUrl("todo"), PostgresServer.USER, "");
          Connection watcher =
              DriverManager.getConnection(postgres.jdbcUrl("todo"), PostgresServer.USER, "")) {
        locker.setAutoCommit(false);
        try (Statement lock = locker.createStatement()) {
          lock.execute("LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE");
        }
        CompletableFuture<HttpResponse<String>> blocked =
            CLIENT.sendAsync(
                request("GET", "api/tasks", null), HttpResponse.BodyHandlers.ofString());
        // The request's statement is waiting on our lock: a signal, not a guess at timing.
        await(() -> waitingOnALock(watcher));
        assertThat(waitingOnALock(watcher)).isTrue();
        Thread.sleep(SLOW_QUERY_MS * 2);
        locker.commit();
        assertThat(blocked.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }
      Thread.sleep(1_500);
    }
    // The report names the statement that waited, not some other slow one.
    assertThat(Probes.read(todoOut).lines())
        .anyMatch(
            line ->
                line.contains("\"message\":\"slow query\"")
                    && line.contains("FROM tasks WHERE user_id = ?"));
  }

  @Test
  @Order(5)
  void remindersFailWhileTheMailerIsDown() throws Exception {
    mailer.destroy();
    assertThat(mailer.waitFor(20, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 3; i++) {
      assertThat(post("api/tasks/" + taskId + "/remind", "").statusCode()).isEqualTo(202);
      Thread.sleep(1_500);
    }
    await(() -> count(Probes.read(todoOut), "\"job failed\"") >= 3);
    assertThat(count(Probes.read(todoOut), "\"job failed\"")).isGreaterThanOrEqualTo(3);
  }

  @Test
  @Order(6)
  void aDatabaseOutageFailsRequestsAndRaisesTheDatabaseAlerts() throws Exception {
    postgres.stop();
    try {
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (System.nanoTime() < deadline
          && !(alertsSeenDuringOutage.contains("PostgresDown")
              && alertsSeenDuringOutage.contains("DatabaseDown")
              && alertsSeenDuringOutage.contains("DatabaseConnectionFailures"))) {
        get("api/tasks"); // a 500 each: the database is gone
        Probes.status(todo.resolve("health/ready"));
        for (JsonNode alert : query("ALERTS")) {
          alertsSeenDuringOutage.add(alert.path("metric").path("alertname").asText());
        }
        Thread.sleep(500);
      }
      assertThat(alertsSeenDuringOutage)
          .as("alerts pending or firing during the outage")
          .contains("PostgresDown", "DatabaseDown", "DatabaseConnectionFailures");
      assertThat(get("api/tasks").statusCode()).isEqualTo(500);
      assertThat(Probes.status(todo.resolve("health/live"))).isEqualTo(200);
    } finally {
      postgres.start();
    }
    await(() -> Probes.status(todo.resolve("health/ready")) == 200);
    assertThat(Probes.status(todo.resolve("health/ready"))).isEqualTo(200);
    assertThat(get("api/tasks").statusCode()).isEqualTo(200);
  }

  @Test
  @Order(7)
  void everyPanelOfEveryDashboardAnswersAndShowsWhatHappened() throws Exception {
    Map<String, JsonNode> dashboards = dashboards();
    assertThat(dashboards.keySet())
        .containsExactlyInAnyOrder(
            "overview.json",
            "api.json",
            "database.json",
            "user-activity.json",
            "jobs-and-email.json");
    // Let a few scrapes and rule evaluations pass after the outage.
    await(() -> query("up{job=\"postgres\"} == 1").size() == 1 && !query("pg_up == 1").isEmpty());
    List<String> empty = new ArrayList<>();
    Map<String, JsonNode> answers = answers(dashboards, empty);
    assertThat(answers).hasSizeGreaterThan(60);
    assertThat(empty).as("panel queries without data").isEmpty();

    // What the tests above made happen is on the panels that exist to show it.
    assertPositive(answers, "overview.json / Errors (5xx ratio) / A", null);
    assertPositive(answers, "overview.json / Uncaught errors by type / A", null);
    assertPositive(answers, "api.json / Failures by route and error type / A", null);
    assertPositive(answers, "api.json / Outbound calls by host and outcome / A", null);
    assertPositive(answers, "database.json / Database errors / B", "error_type");
    assertPositive(answers, "database.json / Slow queries and N+1 suspicions / A", null);
    assertPositive(answers, "database.json / Largest tables / A", "db_collection_name");
    assertPositive(answers, "database.json / Server connections by state / A", null);
    assertPositive(answers, "user-activity.json / Registrations / A", null);
    assertPositive(answers, "user-activity.json / Logins by outcome / A", "outcome=failure");
    assertPositive(answers, "user-activity.json / Logins by outcome / A", "outcome=success");
    assertPositive(answers, "user-activity.json / Failed logins per minute / A", null);
    assertPositive(
        answers, "user-activity.json / Security events by type / A", "type=rate_limited");
    assertPositive(answers, "user-activity.json / Rate limit in use (fullest window) / A", null);
    assertPositive(answers, "user-activity.json / Tasks created and completed / A", null);
    assertPositive(answers, "user-activity.json / Tasks created and completed / B", null);
    assertPositive(answers, "jobs-and-email.json / E-mails sent and failed by template / A", null);
    assertPositive(answers, "jobs-and-email.json / E-mails sent and failed by template / B", null);
    assertPositive(answers, "jobs-and-email.json / Failed jobs by cause / A", "error_type");
    assertPositive(answers, "jobs-and-email.json / Mailer deliveries/s / A", null);
    assertPositive(answers, "overview.json / Host memory used / A", null);
    assertPositive(answers, "overview.json / Disk free / A", "mountpoint");

    // Recording rules the dashboards read exist; deployments are marked from service_info.
    String rules = Files.readString(OPS.resolve("alert_rules.yml"));
    for (String name : PromQl.metricNames(expressions(dashboards))) {
      if (name.contains(":")) {
        assertThat(rules).as("recording rule %s", name).contains("record: " + name);
      }
    }
    assertThat(
            dashboards
                .get("overview.json")
                .path("annotations")
                .path("list")
                .get(0)
                .path("expr")
                .asText())
        .contains("service_info");
  }

  @Test
  @Order(8)
  void everyMetricTheAlertsReadIsARealSeries() throws Exception {
    List<String> expressions = new ArrayList<>();
    for (JsonNode group :
        PromQl.YAML.readTree(OPS.resolve("alert_rules.yml").toFile()).path("groups")) {
      group.path("rules").forEach(rule -> expressions.add(rule.path("expr").asText()));
    }
    Set<String> missing = new TreeSet<>();
    for (String name : PromQl.metricNames(expressions)) {
      if (!name.contains(":") && query("count({__name__=\"" + name + "\"})").isEmpty()) {
        missing.add(name);
      }
    }
    assertThat(missing).as("metrics the alert rules read that nothing exports").isEmpty();
  }

  @Test
  @Order(9)
  void theHostAndDatabaseServerRulesEvaluateOnRealSeries() throws Exception {
    JsonNode memory = query("instance:node_memory_used:ratio");
    assertThat(memory).hasSize(1);
    assertThat(value(memory.get(0))).isBetween(0.0, 1.0);
    JsonNode disks =
        query(
            "node_filesystem_avail_bytes{fstype!~\"tmpfs|ramfs|overlay|squashfs|nsfs|devtmpfs\"}"
                + " / node_filesystem_size_bytes{fstype!~\"tmpfs|ramfs|overlay|squashfs|nsfs|devtmpfs\"}"
                + " and node_filesystem_readonly == 0");
    assertThat(disks).isNotEmpty();
    JsonNode connections =
        query(
            "sum by (job, instance) (pg_stat_activity_count) / max by (job, instance)"
                + " (pg_settings_max_connections)");
    assertThat(connections).hasSize(1);
    assertThat(value(connections.get(0))).isGreaterThan(0).isLessThan(1);
    assertThat(query("pg_up")).hasSize(1);
    assertThat(value(query("pg_up").get(0))).isEqualTo(1);
    // Each threshold the rules compare with is a live series.
    assertThat(query("alert_threshold")).hasSizeGreaterThan(20);
    assertThat(alertsSeenDuringOutage).contains("PostgresDown");
    // The server was seen down by the exporter itself, not only as a failed scrape.
    assertThat(query("min_over_time(pg_up[10m]) == 0")).hasSize(1);
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** Every panel query's answer, by dashboard, panel and query; the empty ones also in empty. */
  private static Map<String, JsonNode> answers(
      Map<String, JsonNode> dashboards, List<String> empty) {
    Map<String, JsonNode> answers = new LinkedHashMap<>();
    dashboards.forEach(
        (file, dashboard) -> {
          for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
              String key =
                  file
                      + " / "
                      + panel.path("title").asText()
                      + " / "
                      + target.path("refId").asText();
              String expr = concrete(target.path("expr").asText());
              JsonNode result = query(expr);
              answers.put(key, result);
              if (result.isEmpty()) {
                empty.add(key + ": " + expr);
              }
            }
          }
        });
    return answers;
  }

  /** A dashboard query as Grafana would send it for the todo service and every route. */
  private static String concrete(String expr) {
    return expr.replace("$job", "todo-app")
        .replace("$route", ".+")
        .replace("$__rate_interval", "5m")
        .replace("$__range", "1h");
  }

  private static void assertPositive(Map<String, JsonNode> answers, String key, String label) {
    assertThat(answers).containsKey(key);
    List<Double> values = new ArrayList<>();
    for (JsonNode series : answers.get(key)) {
      JsonNode metric = series.path("metric");
      boolean matches =
          label == null
              || (label.contains("=")
                  ? metric
                      .path(label.substring(0, label.indexOf('=')))
                      .asText()
                      .equals(label.substring(label.indexOf('=') + 1))
                  : metric.has(label));
      if (matches) {
        values.add(value(series));
      }
    }
    assertThat(values)
        .as("%s (%s): %s", key, label, answers.get(key))
        .anySatisfy(v -> assertThat(v).isPositive());
  }

  private static boolean sleep(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return true;
  }

  private static double value(JsonNode series) {
    return Double.parseDouble(series.path("value").get(1).asText());
  }

  private static Map<String, JsonNode> dashboards() throws Exception {
    Map<String, JsonNode> dashboards = new LinkedHashMap<>();
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(OPS.resolve("grafana/dashboards"), "*.json")) {
      for (Path file : files) {
        dashboards.put(file.getFileName().toString(), Api.JSON.readTree(file.toFile()));
      }
    }
    return dashboards;
  }

  private static List<String> expressions(Map<String, JsonNode> dashboards) {
    List<String> expressions = new ArrayList<>();
    dashboards
        .values()
        .forEach(
            d ->
                d.path("panels")
                    .forEach(
                        p ->
                            p.path("targets")
                                .forEach(t -> expressions.add(t.path("expr").asText()))));
    return expressions;
  }

  private static JsonNode query(String expr) {
    String body =
        Probes.body(
            URI.create(
                prometheus + "query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)));
    try {
      JsonNode answer = Api.JSON.readTree(body);
      assertThat(answer.path("status").asText()).as(expr + " → " + body).isEqualTo("success");
      return answer.path("data").path("result");
    } catch (java.io.IOException e) {
      throw new AssertionError(expr + " → " + body, e);
    }
  }

  private static int targetsUp() {
    return count(Probes.body(URI.create(prometheus + "targets?state=active")), "\"health\":\"up\"");
  }

  private static double mailDelivered() {
    JsonNode result = query("sum(mail_delivered_total)");
    return result.isEmpty() ? 0 : value(result.get(0));
  }

  private static boolean waitingOnALock(Connection watcher) {
    try (PreparedStatement s =
            watcher.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'");
        ResultSet rows = s.executeQuery()) {
      rows.next();
      return rows.getInt(1) > 0;
    } catch (java.sql.SQLException e) {
      return false;
    }
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }

  private static Process start(String name, Map<String, String> env, String... command)
      throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve(name + ".log").toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    processes.add(0, process); // stopped in reverse order: Prometheus first, the database last
    return process;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static HttpRequest request(String method, String path, String body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(todo.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder.build();
  }

  private static HttpResponse<String> send(String method, String path, String body)
      throws Exception {
    return CLIENT.send(request(method, path, body), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return send("POST", path, body);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, null);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    Probes.await(PATIENCE, condition);
  }
}
