package dev.observability.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.core.Observability;
import dev.observability.testing.LogCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What Kubernetes does to a service whose database hangs: hundreds of readiness probes at once, and
 * a liveness probe among them that must not wait, or every pod is restarted. On the management
 * server (4 threads) and on the servlet in Jetty with a small thread pool.
 *
 * <p>The bounds asserted are generous multiples (a busy 2-core machine must pass); the measured
 * figures are printed into the test output.
 */
class ProbeStormTest {

  private static final int PROBES = 500;
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final Observability observability = HealthTesting.observability();
  private final CountDownLatch databaseAnswers = new CountDownLatch(1);
  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(20))
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    databaseAnswers.countDown();
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
    observability.close();
  }

  /** Counted down when a run of the database check starts to hang. */
  private final CountDownLatch hanging = new CountDownLatch(1);

  /**
   * A registry whose database check answers {@code up} for its first {@code answered} runs and then
   * hangs until the test ends. Results are not cached, so the storm's first probe starts a run.
   */
  private HealthRegistry registryWithADatabaseThatHangsAfter(int answered) {
    AtomicInteger runs = new AtomicInteger();
    HealthRegistry registry =
        HealthRegistry.builder()
            .observability(observability)
            .timeout(TIMEOUT)
            .cacheTtl(Duration.ZERO)
            .add(
                HealthContributor.of(
                    "database",
                    () -> {
                      if (runs.incrementAndGet() > answered) {
                        hanging.countDown();
                        databaseAnswers.await();
                      }
                      return Health.up();
                    }))
            .add(HealthChecks.deadlocks())
            .build();
    resources.add(registry);
    return registry;
  }

  private CompletableFuture<Timed> probe(int port, String path) {
    long start = System.nanoTime();
    return client
        .sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .thenApply(response -> new Timed(response, System.nanoTime() - start));
  }

  private record Timed(HttpResponse<String> response, long nanos) {
    long millis() {
      return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
  }

  /** Sends the storm, then a liveness probe while the storm waits; checks both. */
  private void storm(int port, String server) throws Exception {
    probe(port, "/health/live").get(30, TimeUnit.SECONDS); // connections and JIT warm
    List<CompletableFuture<Timed>> ready = new ArrayList<>();
    for (int i = 0; i < PROBES; i++) {
      ready.add(probe(port, "/health/ready"));
    }
    // The storm's run is in the hanging check, so its probes are waiting for it.
    assertThat(hanging.await(30, TimeUnit.SECONDS)).as("the storm reached the check").isTrue();
    Timed live = probe(port, "/health/live").get(30, TimeUnit.SECONDS);
    long threads = healthThreads();

    assertThat(live.response().statusCode()).isEqualTo(200);
    assertThat(live.response().body()).contains("\"status\":\"healthy\"");
    long slowestReady = 0;
    List<Long> readyMillis = new ArrayList<>();
    for (CompletableFuture<Timed> future : ready) {
      Timed timed = future.get(60, TimeUnit.SECONDS);
      assertThat(timed.response().statusCode()).isEqualTo(503);
      assertThat(timed.response().body()).contains("\"reason\":\"timeout\"");
      slowestReady = Math.max(slowestReady, timed.millis());
      readyMillis.add(timed.millis());
    }
    readyMillis.sort(null);
    System.out.printf(
        Locale.ROOT,
        "%s, %d readiness probes against a hanging check (timeout %d ms): liveness answered in"
            + " %d ms; readiness median %d ms, slowest %d ms; health and server threads %d%n",
        server,
        PROBES,
        TIMEOUT.toMillis(),
        live.millis(),
        readyMillis.get(readyMillis.size() / 2),
        slowestReady,
        threads);
    // Generous: the design figures are 100 ms and the timeout + 200 ms.
    assertThat(live.millis()).as("liveness during the storm").isLessThan(2_000);
    assertThat(slowestReady).as("slowest readiness probe").isLessThan(TIMEOUT.toMillis() + 5_000);
    assertThat(threads).as("threads of the health endpoints").isLessThanOrEqualTo(40);
  }

  private static long healthThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(
            name ->
                name.startsWith("health-")
                    || name.startsWith("management-http-")
                    || name.startsWith("probe-jetty"))
        .count();
  }

  @Test
  void managementServerLivenessNeverWaitsBehindAStormOfReadinessProbes() throws Exception {
    ManagementServer server =
        ManagementServer.builder(registryWithADatabaseThatHangsAfter(1))
            .host("127.0.0.1")
            .port(0)
            .start();
    resources.add(server);
    storm(server.port(), "management server (4 threads)");
  }

  @Test
  void servletLivenessNeverWaitsBehindAStormOfReadinessProbes() throws Exception {
    QueuedThreadPool pool = new QueuedThreadPool(16, 4);
    pool.setName("probe-jetty");
    Server jetty = new Server(pool);
    ServerConnector connector = new ServerConnector(jetty, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.setAcceptQueueSize(1_024);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder holder =
        new ServletHolder(new HealthServlet(registryWithADatabaseThatHangsAfter(1)));
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/health/*");
    jetty.setHandler(context);
    jetty.start();
    resources.add(jetty::stop);
    storm(connector.getLocalPort(), "HealthServlet on Jetty (16 threads)");
  }

  @Test
  void aTimedOutCheckSetsItsGaugeToZeroAndIsLoggedFromStartUpWithoutAnyProbe() throws Exception {
    try (LogCapture log = LogCapture.of("dev.observability.health")) {
      registryWithADatabaseThatHangsAfter(0); // built, and never asked
      var meters = observability.meterRegistry();
      var database =
          meters.get("health.check.status").tags("check", "database", "group", "readiness");
      var deadlocks =
          meters.get("health.check.status").tags("check", "deadlocks", "group", "liveness");
      awaitUntil(() -> deadlocks.gauge().value() == 1);
      assertThat(deadlocks.gauge().value()).isEqualTo(1);
      awaitUntil(() -> database.gauge().value() == 0);
      assertThat(database.gauge().value()).isZero();
      awaitUntil(() -> !log.withMessage("health check failed: {}").isEmpty());
      var failure = log.withMessage("health check failed: {}").get(0);
      assertThat(failure.getFormattedMessage())
          .isEqualTo("health check failed: no answer within " + TIMEOUT.toMillis() + " ms");
      assertThat(failure.getKeyValuePairs())
          .extracting(kv -> kv.key + "=" + kv.value)
          .contains("check=database", "reason=timeout");
    }
  }

  private static void awaitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }
}
