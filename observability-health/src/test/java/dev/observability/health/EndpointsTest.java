package dev.observability.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.core.Observability;
import dev.observability.testing.PrometheusText;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EndpointsTest {

  private final Observability observability = HealthTesting.observability();
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
    observability.close();
  }

  private <T extends AutoCloseable> T keep(T resource) {
    resources.add(resource);
    return resource;
  }

  private ManagementServer management(HealthRegistry registry) throws Exception {
    return keep(
        ManagementServer.builder(registry)
            .host("127.0.0.1")
            .port(0)
            .meterRegistry(observability.meterRegistry())
            .start());
  }

  private static DataSource h2(String name) {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    return dataSource;
  }

  @Test
  void aHangingCheckIsReportedAsTimeoutWhileTheOthersAnswer() throws Exception {
    // Generous against a busy machine, where a cold in-memory H2 check once took over 500 ms; the
    // database is also warmed first. Still far below the hanging check's minute.
    Duration timeout = Duration.ofSeconds(1);
    DataSource database = h2("hang");
    try (var warm = database.getConnection()) {
      assertThat(warm.isValid(1)).isTrue();
    }
    // The registry runs every check once when it is built: the hanging check's time-out runs from
    // there, not from the probe below.
    long built = System.nanoTime();
    HealthRegistry registry =
        keep(
            HealthRegistry.builder()
                .observability(observability)
                .timeout(timeout)
                .add(HealthTesting.sleeping("hangs", 60_000))
                .add(HealthChecks.dataSource("database", database))
                .add(HealthChecks.deadlocks())
                .build());
    int port =
        keep(ManagementServer.builder(registry).host("127.0.0.1").port(0).threads(10).start())
            .port();
    HealthTesting.get(port, "/health/live"); // warm up the server and client

    long start = System.nanoTime();
    HttpResponse<String> response = HealthTesting.get(port, "/health");
    long end = System.nanoTime();
    // The answer waited for the time-out (counted from the first run, at build) and no longer:
    // a generous margin, never the minute.
    assertThat(TimeUnit.NANOSECONDS.toMillis(end - built))
        .isGreaterThanOrEqualTo(timeout.toMillis() - 50);
    assertThat(TimeUnit.NANOSECONDS.toMillis(end - start)).isLessThan(timeout.toMillis() + 5_000);
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body())
        .contains("\"hangs\":{\"status\":\"down\"", "\"reason\":\"timeout\"")
        .contains("\"database\":{\"status\":\"up\"", "\"deadlocks\":{\"status\":\"up\"");

    // 100 more probes while the check still hangs (ten at a time, to keep the test short).
    ExecutorService callers = Executors.newFixedThreadPool(10);
    try {
      CompletableFuture.allOf(
              java.util.stream.IntStream.range(0, 10)
                  .mapToObj(i -> CompletableFuture.runAsync(() -> {}, callers))
                  .toArray(CompletableFuture[]::new))
          .get();
      List<CompletableFuture<String>> probes = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        probes.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return HealthTesting.get(port, "/health").body();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                },
                callers));
      }
      for (CompletableFuture<String> probe : probes) {
        assertThat(probe.get(60, TimeUnit.SECONDS)).contains("\"reason\":\"timeout\"");
      }
      // The hanging check holds one thread however often it is asked for: the check pool (one
      // thread per check here, three checks) never grows, nor does the server's.
      assertThat(liveThreads("health-check-")).isLessThanOrEqualTo(3);
      assertThat(liveThreads("management-http-")).isLessThanOrEqualTo(10);
    } finally {
      callers.shutdownNow();
    }
  }

  private static long liveThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
        .count();
  }

  @Test
  void fiveHundredConcurrentProbesRunTheDatabaseCheckOncePerCacheWindow() throws Exception {
    AtomicInteger queries = new AtomicInteger();
    DataSource database = h2("counted");
    HealthRegistry registry =
        keep(
            HealthRegistry.builder()
                .observability(observability)
                .cacheTtl(Duration.ofSeconds(5))
                .add(
                    HealthContributor.of(
                        "database",
                        () -> {
                          queries.incrementAndGet();
                          return HealthChecks.dataSource("database", database).check();
                        }))
                .build());
    int port =
        keep(ManagementServer.builder(registry).host("127.0.0.1").port(0).threads(16).start())
            .port();
    ExecutorService callers = Executors.newFixedThreadPool(32);
    try {
      List<CompletableFuture<Integer>> calls = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < 500; i++) {
        calls.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return HealthTesting.get(port, "/health").statusCode();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                },
                callers));
      }
      for (CompletableFuture<Integer> call : calls) {
        assertThat(call.get(60, TimeUnit.SECONDS)).isEqualTo(200);
      }
      long windows = 1 + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) / 5;
      assertThat(queries.get()).isBetween(1, (int) windows);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void detailsAreHiddenFromAnonymousCallersAndRedactedForAuthorizedOnes() throws Exception {
    HealthRegistry registry =
        keep(
            HealthRegistry.builder()
                .observability(observability)
                .add(
                    HealthContributor.of(
                        "database",
                        () -> {
                          throw new SQLException(
                              "connect to db-internal:5432 failed, password=s3cr3t");
                        }))
                .build());
    int port =
        keep(ManagementServer.builder(registry)
                .host("127.0.0.1")
                .port(0)
                .showDetails(ShowDetails.WHEN_AUTHORIZED, HealthAuthorizer.bearerToken("ops-token"))
                .start())
            .port();
    HttpResponse<String> anonymous = HealthTesting.get(port, "/health");
    assertThat(anonymous.statusCode()).isEqualTo(503);
    assertThat(anonymous.body())
        .doesNotContain("db-internal", "s3cr3t", "SQLException", "password")
        .contains("\"database\":{\"status\":\"down\"", "\"errors\":[\"database: exception\"]");
    HttpResponse<String> wrongToken =
        HealthTesting.get(port, "/health", "Authorization", "Bearer nope");
    assertThat(wrongToken.body()).doesNotContain("db-internal");
    HttpResponse<String> authorized =
        HealthTesting.get(port, "/health", "Authorization", "Bearer ops-token");
    assertThat(authorized.body())
        .contains("db-internal:5432", "password=***")
        .doesNotContain("s3cr3t");
    assertThat(anonymous.headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void livenessStaysUpWhileTheDatabaseIsDownAndReadinessFlipsBack() throws Exception {
    int dbPort = dev.observability.testing.UnresponsiveServer.refusingPort();
    org.h2.tools.Server h2 =
        org.h2.tools.Server.createTcpServer("-tcpPort", Integer.toString(dbPort), "-ifNotExists")
            .start();
    try {
      JdbcDataSource remote = new JdbcDataSource();
      remote.setURL("jdbc:h2:tcp://127.0.0.1:" + dbPort + "/mem:flip;DB_CLOSE_DELAY=-1");
      HealthRegistry registry =
          keep(
              HealthRegistry.builder()
                  .observability(observability)
                  .cacheTtl(Duration.ZERO)
                  .timeout(Duration.ofSeconds(2))
                  .add(HealthChecks.dataSource("database", remote))
                  .add(HealthChecks.smtp("mail", null, 25, false).nonCritical())
                  .add(HealthChecks.deadlocks())
                  .add(HealthChecks.heap(0.99))
                  .build());
      int port = management(registry).port();
      assertThat(HealthTesting.get(port, "/health/ready").statusCode()).isEqualTo(200);

      h2.stop();
      assertThat(HealthTesting.get(port, "/health/live").statusCode()).isEqualTo(200);
      assertThat(HealthTesting.get(port, "/health/ready").statusCode()).isEqualTo(503);
      assertThat(HealthTesting.get(port, "/health").statusCode()).isEqualTo(503);

      h2 =
          org.h2.tools.Server.createTcpServer("-tcpPort", Integer.toString(dbPort), "-ifNotExists")
              .start();
      assertThat(HealthTesting.get(port, "/health/ready").statusCode()).isEqualTo(200);
      HttpResponse<String> all = HealthTesting.get(port, "/health");
      assertThat(all.statusCode()).isEqualTo(200);
      assertThat(all.body())
          .startsWith("{\"status\":\"healthy\",\"timestamp\":\"")
          .contains(
              "\"version\":\"9.9.9\"",
              "\"checks\":{\"database\":{\"status\":\"up\",\"duration_ms\":");
    } finally {
      h2.stop();
    }
  }

  @Test
  void onlyANonCriticalFailureKeepsTheServiceDegradedButServing() throws Exception {
    HealthRegistry registry =
        keep(
            HealthRegistry.builder()
                .observability(observability)
                .add(
                    HealthContributor.of("recommendations", () -> Health.down("slow"))
                        .nonCritical())
                .add(HealthContributor.of("database", Health::up))
                .build());
    HttpResponse<String> response = HealthTesting.get(management(registry).port(), "/health");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("{\"status\":\"degraded\"");
  }

  @Test
  void managementServerServesMetricsAndTheStatusPage() throws Exception {
    HealthRegistry registry =
        keep(
            HealthRegistry.builder()
                .observability(observability)
                .add(HealthChecks.deadlocks())
                .add(HealthContributor.of("queue <depth>", () -> Health.degraded("backlog")))
                .add(HealthChecks.diskSpace("disk", java.nio.file.Path.of("."), 1))
                .build());
    int port = management(registry).port();
    HttpResponse<String> page = HealthTesting.get(port, "/health/status");
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.body())
        .contains(
            "<meta http-equiv=\"refresh\"",
            "deadlocks",
            "queue &lt;depth&gt;",
            "disk",
            "degraded",
            " ms</td>")
        .doesNotContain("<script", "http://", "https://");
    HttpResponse<String> metrics = HealthTesting.get(port, "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    PrometheusText text = PrometheusText.parse(metrics.body());
    assertThat(text.samples("health_check_status"))
        .extracting(s -> s.labels().get("check"))
        .contains("deadlocks", "queue <depth>", "disk");
    assertThat(text.samples("health_check_duration_seconds_count")).isNotEmpty();
    assertThat(HealthTesting.get(port, "/health/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void healthServletServesTheSameEndpointsOnJetty() throws Exception {
    HealthRegistry registry =
        keep(
            HealthRegistry.builder()
                .observability(observability)
                .add(HealthChecks.deadlocks())
                .add(HealthContributor.of("database", () -> Health.down("gone")))
                .build());
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new HealthServlet(registry)), "/health/*");
    jetty.setHandler(context);
    jetty.start();
    resources.add(jetty::stop);
    int port = connector.getLocalPort();
    assertThat(HealthTesting.get(port, "/health/live").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = HealthTesting.get(port, "/health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(ready.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    assertThat(ready.body()).doesNotContain("gone");
    assertThat(HealthTesting.get(port, "/health").statusCode()).isEqualTo(503);
    assertThat(HealthTesting.get(port, "/health/status").body()).contains("database", "deadlocks");
  }
}
