package dev.observability.examples.todo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.observability.core.Observability;
import dev.observability.health.HealthRegistry;
import dev.observability.health.ManagementServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A synthetic monitor: runs the checks of a real user against a base URL (health, register, log in,
 * create, read, update and delete a task), times every step, and exits non-zero when one fails.
 *
 * <pre>
 * java -cp todo-app.jar dev.observability.examples.todo.SyntheticMonitor http://localhost:8080
 *     [--interval 30s] [--metrics-port 9465]
 * </pre>
 *
 * <p>With {@code --interval} it repeats forever; with {@code --metrics-port} it serves its own
 * {@code synthetic_check_success} (1 or 0) and {@code synthetic_check_duration_seconds}, per step,
 * at {@code /metrics} on that port.
 */
public final class SyntheticMonitor {

  /** One step's outcome. */
  public record Step(
      String name, boolean passed, long millis, int status, String requestId, String detail) {}

  private final URI base;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Observability observability;
  private final Map<String, AtomicInteger> success = new ConcurrentHashMap<>();
  private static volatile List<String> lastSecrets = List.of();

  /**
   * Creates a monitor.
   *
   * @param base the service's base URL
   * @param observability where its own metrics go
   */
  public SyntheticMonitor(URI base, Observability observability) {
    this.base = base;
    this.observability = observability;
  }

  /**
   * Runs every check once.
   *
   * @return the steps, in order; stops at the first failure
   */
  public List<Step> runOnce() {
    List<Step> steps = new ArrayList<>();
    String email = "synthetic+" + UUID.randomUUID() + "@example.com";
    String password = "pw-" + UUID.randomUUID();
    String[] token = new String[1];
    long[] taskId = new long[1];
    if (!step(steps, "health", "GET", "/health/ready", null, null, 200, r -> true)) {
      return steps;
    }
    if (!step(
        steps,
        "register",
        "POST",
        "/api/auth/register",
        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
        null,
        201,
        r -> true)) {
      return steps;
    }
    if (!step(
        steps,
        "login",
        "POST",
        "/api/auth/login",
        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
        null,
        200,
        r -> {
          token[0] = r.path("token").asText(null);
          return token[0] != null;
        })) {
      return steps;
    }
    lastSecrets = List.of(email, password, String.valueOf(token[0]));
    if (!step(
        steps,
        "create task",
        "POST",
        "/api/tasks",
        "{\"title\":\"synthetic check\"}",
        token[0],
        201,
        r -> {
          taskId[0] = r.path("id").asLong();
          return taskId[0] > 0;
        })) {
      return steps;
    }
    if (!step(
        steps,
        "read task",
        "GET",
        "/api/tasks/" + taskId[0],
        null,
        token[0],
        200,
        r -> "synthetic check".equals(r.path("title").asText()))) {
      return steps;
    }
    if (!step(
        steps,
        "update task",
        "PUT",
        "/api/tasks/" + taskId[0],
        "{\"done\":true}",
        token[0],
        200,
        r -> r.path("done").asBoolean())) {
      return steps;
    }
    if (!step(
        steps,
        "delete task",
        "DELETE",
        "/api/tasks/" + taskId[0],
        null,
        token[0],
        204,
        r -> true)) {
      return steps;
    }
    step(steps, "task is gone", "GET", "/api/tasks/" + taskId[0], null, token[0], 404, r -> true);
    return steps;
  }

  /**
   * Returns the e-mail address, password and token of the last run, so a test can check that none
   * of them reached a log.
   *
   * @return the three values
   */
  static List<String> lastSecrets() {
    return lastSecrets;
  }

  private interface Check {
    boolean test(JsonNode body);
  }

  private boolean step(
      List<Step> steps,
      String name,
      String method,
      String path,
      String body,
      String token,
      int expected,
      Check check) {
    long start = System.nanoTime();
    int status = -1;
    String requestId = null;
    String detail = "";
    boolean passed = false;
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(base.resolve(path))
              .timeout(Duration.ofSeconds(10))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body))
              .header("Content-Type", "application/json")
              .header("User-Agent", "todo-synthetic-monitor/1.0");
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      status = response.statusCode();
      requestId = response.headers().firstValue("X-Request-ID").orElse(null);
      JsonNode json =
          response.body().isEmpty()
              ? Api.JSON.createObjectNode()
              : Api.JSON.readTree(response.body());
      passed = status == expected && check.test(json);
      detail = passed ? "" : "expected " + expected + ", got " + status;
    } catch (IOException e) {
      detail = e.getClass().getSimpleName() + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      detail = "interrupted";
    }
    long nanos = System.nanoTime() - start;
    steps.add(
        new Step(name, passed, TimeUnit.NANOSECONDS.toMillis(nanos), status, requestId, detail));
    String tag = name.replace(' ', '_');
    Timer.builder("synthetic.check.duration")
        .tag("step", tag)
        .register(observability.meterRegistry())
        .record(nanos, TimeUnit.NANOSECONDS);
    success
        .computeIfAbsent(
            tag,
            t -> {
              AtomicInteger value = new AtomicInteger();
              // Strongly held: the gauge must outlive this monitor (a gauge holds its source
              // weakly).
              Gauge.builder("synthetic.check.success", value, AtomicInteger::get)
                  .tag("step", t)
                  .strongReference(true)
                  .register(observability.meterRegistry());
              return value;
            })
        .set(passed ? 1 : 0);
    return passed;
  }

  /**
   * Runs the monitor from the command line.
   *
   * @param args the base URL, then optionally {@code --interval 30s} and {@code --metrics-port N}
   * @throws Exception on a set-up failure
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: SyntheticMonitor BASE_URL [--interval 30s] [--metrics-port 9465]");
      System.exit(2);
    }
    Duration interval = null;
    int metricsPort = -1;
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--interval" ->
            interval =
                Duration.ofMillis(
                    dev.observability.core.ObservabilityConfig.builder()
                        .set("i", args[i + 1])
                        .build()
                        .getDuration("i", null)
                        .toMillis());
        case "--metrics-port" -> metricsPort = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Observability observability =
        Observability.builder()
            .serviceName("todo-synthetic-monitor")
            .set("observability.metrics.jvm.enabled", "false")
            .build();
    ManagementServer metrics = null;
    HealthRegistry noChecks = null;
    if (metricsPort >= 0) {
      noChecks = HealthRegistry.builder().observability(observability).build();
      metrics =
          ManagementServer.builder(noChecks)
              .port(metricsPort)
              .meterRegistry(observability.meterRegistry())
              .start();
    }
    SyntheticMonitor monitor =
        new SyntheticMonitor(
            URI.create(args[0].endsWith("/") ? args[0] : args[0] + "/"), observability);
    boolean allPassed;
    do {
      List<Step> steps = monitor.runOnce();
      allPassed = steps.stream().allMatch(Step::passed);
      for (Step step : steps) {
        System.out.printf(
            "%-13s %-4s %5d ms  status %3d  request %s %s%n",
            step.name(),
            step.passed() ? "ok" : "FAIL",
            step.millis(),
            step.status(),
            step.requestId(),
            step.detail());
      }
      System.out.println(allPassed ? "synthetic check passed" : "synthetic check FAILED");
      if (interval != null) {
        Thread.sleep(interval.toMillis());
      }
    } while (interval != null);
    if (metrics != null) {
      metrics.close();
      noChecks.close();
    }
    observability.close();
    System.exit(allPassed ? 0 : 1);
  }
}
