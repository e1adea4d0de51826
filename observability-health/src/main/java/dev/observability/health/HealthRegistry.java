package dev.observability.health;

import dev.observability.core.Observability;
import dev.observability.core.ObservabilityConfig;
import dev.observability.core.Redactor;
import dev.observability.health.internal.CheckRunner;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the health contributors and evaluates a group of them in parallel on small bounded thread
 * pools, each with its own timeout.
 *
 * <p>Guarantees, whatever the checks do:
 *
 * <ul>
 *   <li><b>No caller waits longer than the timeout</b> (default {@value HealthSettings#TIMEOUT}, 2
 *       s). A check that has not answered by then is {@code down} with reason {@code timeout}: its
 *       gauge reads 0 and the failure is logged. Until the hung check returns, later callers get
 *       that result at once, and no second evaluation starts.
 *   <li><b>Liveness never waits behind readiness.</b> Checks of the {@value
 *       HealthContributor#LIVENESS} group run on their own threads, so hanging readiness checks
 *       cannot starve them, and {@link #checkAsync} holds no thread while it waits: servers answer
 *       probes without a thread per waiting probe.
 *   <li><b>Bounded.</b> Each check has at most one evaluation in flight, and its result is reused
 *       for the cache window (default {@value HealthSettings#CACHE_TTL}, 1 s), so a storm of probes
 *       shares one run per check, and checks that hang again and again do not pile up threads.
 *   <li><b>Gauges from start-up.</b> Every check runs once when the registry is built, without
 *       waiting for a probe: {@code health.check.status} has its value as soon as that run answers
 *       or times out.
 * </ul>
 *
 * <p>Publishes {@code health.check.status} (1 up, 0.5 degraded, 0 down) and {@code
 * health.check.duration}, tagged {@code check} and {@code group}. A failed check is logged as a
 * WARN {@code health check failed} on {@code dev.observability.health} with its name, reason and
 * full (redacted) message: when it fails, and again at most once a minute while it stays down.
 *
 * <pre>{@code
 * HealthRegistry health = HealthRegistry.builder()
 *     .add(HealthChecks.dataSource("database", dataSource))
 *     .add(HealthChecks.diskSpace("disk", Path.of("/var/data"), 500 * 1024 * 1024))
 *     .add(HealthChecks.deadlocks())
 *     .discover()                       // ServiceLoader contributors
 *     .build();
 * HealthReport ready = health.check(HealthContributor.READINESS);
 * }</pre>
 */
public final class HealthRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("dev.observability.health");

  /** How often a check that stays down is logged again. */
  private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Map<String, CheckRunner> runners;
  private final ThreadPoolExecutor executor;
  private final ThreadPoolExecutor livenessExecutor;
  private final ScheduledThreadPoolExecutor timer;
  private final String version;

  private HealthRegistry(Builder builder) {
    Observability observability =
        builder.observability != null ? builder.observability : Observability.global();
    ObservabilityConfig config = observability.config();
    Duration timeout =
        builder.timeout != null
            ? builder.timeout
            : config.getDuration(HealthSettings.TIMEOUT, HealthSettings.DEFAULT_TIMEOUT);
    Duration cacheTtl =
        builder.cacheTtl != null
            ? builder.cacheTtl
            : config.getDuration(HealthSettings.CACHE_TTL, HealthSettings.DEFAULT_CACHE_TTL);
    long timeoutNanos = timeout.toNanos();
    this.version = observability.serviceVersion();
    Redactor redactor = observability.redactor();
    // One thread per check up to 8, so that one hanging check never starves the others.
    int threads =
        builder.threads > 0
            ? builder.threads
            : Math.max(2, Math.min(8, builder.contributors.size()));
    this.executor = pool("health-check-", threads);
    this.livenessExecutor = pool("health-liveness-", 2);
    this.timer = new ScheduledThreadPoolExecutor(1, daemon("health-timeout-", new AtomicInteger()));
    timer.setRemoveOnCancelPolicy(true);
    MeterRegistry meters = observability.meterRegistry();
    Map<String, CheckRunner> map = new LinkedHashMap<>();
    for (HealthContributor contributor : builder.contributors) {
      AtomicLong lastLogged = new AtomicLong(System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS);
      CheckRunner runner =
          new CheckRunner(
              contributor,
              cacheTtl.toNanos(),
              timeoutNanos,
              health -> health.redactedWith(redactor),
              (result, statusChanged) ->
                  fresh(contributor, result, statusChanged, meters, lastLogged));
      if (map.putIfAbsent(contributor.name(), runner) != null) {
        throw new IllegalArgumentException("two health contributors named " + contributor.name());
      }
      for (String group : contributor.groups()) {
        Gauge.builder("health.check.status", runner, HealthRegistry::statusValue)
            .tags("check", contributor.name(), "group", group)
            .description("1 when the check is up, 0.5 when degraded, 0 when down")
            .register(meters);
      }
    }
    this.runners = map;
    checkAsync(null); // the first run: gauges have values before any probe arrives
  }

  private static ThreadPoolExecutor pool(String name, int threads) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(256),
            daemon(name, new AtomicInteger()));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static ThreadFactory daemon(String name, AtomicInteger number) {
    return task -> {
      Thread thread = new Thread(task, name + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Starts building a registry.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Evaluates the checks of {@code group}, or all checks for {@code null}, waiting at most about
   * the timeout.
   *
   * @param group a group name such as {@value HealthContributor#READINESS}, or {@code null}
   * @return the report
   */
  public HealthReport check(@Nullable String group) {
    return checkAsync(group).join();
  }

  /**
   * Evaluates the checks of {@code group}, or all checks for {@code null}, without holding the
   * calling thread: the report completes within about the timeout, on a check thread or the timeout
   * thread, so servers can answer many probes with few threads. It never completes exceptionally.
   *
   * @param group a group name such as {@value HealthContributor#READINESS}, or {@code null}
   * @return the report to come
   */
  public CompletableFuture<HealthReport> checkAsync(@Nullable String group) {
    List<CheckRunner> selected = new ArrayList<>();
    for (CheckRunner runner : runners.values()) {
      if (group == null || runner.contributor().groups().contains(group)) {
        selected.add(runner);
      }
    }
    List<CompletableFuture<CheckRunner.Result>> futures = new ArrayList<>(selected.size());
    for (CheckRunner runner : selected) {
      boolean liveness = runner.contributor().groups().contains(HealthContributor.LIVENESS);
      futures.add(runner.evaluate(liveness ? livenessExecutor : executor, timer));
    }
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .handle(
            (done, failure) -> {
              List<HealthReport.Check> checks = new ArrayList<>(selected.size());
              for (int i = 0; i < selected.size(); i++) {
                CheckRunner runner = selected.get(i);
                HealthContributor contributor = runner.contributor();
                CheckRunner.Result result = futures.get(i).getNow(null);
                Health health =
                    result != null ? result.health() : Health.down("interrupted", "no result");
                long millis =
                    result != null ? TimeUnit.NANOSECONDS.toMillis(result.durationNanos()) : 0;
                checks.add(
                    new HealthReport.Check(
                        contributor.name(),
                        health,
                        millis,
                        contributor.critical(),
                        runner.lastChange()));
              }
              return new HealthReport(Instant.now(), version, checks);
            });
  }

  /**
   * Returns the names of the registered checks.
   *
   * @return the names, in registration order
   */
  public List<String> names() {
    return List.copyOf(runners.keySet());
  }

  /** Stops the check threads; checks still running are interrupted. */
  @Override
  public void close() {
    executor.shutdownNow();
    livenessExecutor.shutdownNow();
    timer.shutdownNow();
  }

  private static double statusValue(CheckRunner runner) {
    CheckRunner.Result last = runner.last();
    if (last == null) {
      return Double.NaN;
    }
    switch (last.health().status()) {
      case UP:
        return 1;
      case DEGRADED:
        return 0.5;
      default:
        return 0;
    }
  }

  private static void fresh(
      HealthContributor contributor,
      CheckRunner.Result result,
      boolean statusChanged,
      MeterRegistry meters,
      AtomicLong lastLogged) {
    for (String group : contributor.groups()) {
      Timer.builder("health.check.duration")
          .tags("check", contributor.name(), "group", group)
          .description("Duration of health checks")
          .register(meters)
          .record(result.durationNanos(), TimeUnit.NANOSECONDS);
    }
    Health health = result.health();
    if (health.status() != Health.Status.DOWN) {
      return;
    }
    long now = System.nanoTime();
    long logged = lastLogged.get();
    if ((statusChanged || now - logged >= FAILURE_LOG_INTERVAL_NANOS)
        && lastLogged.compareAndSet(logged, now)) {
      LOG.atWarn()
          .addKeyValue("check", contributor.name())
          .addKeyValue("reason", health.reason())
          .addKeyValue("critical", contributor.critical())
          .log("health check failed: {}", health.message());
    }
  }

  /** Builds a {@link HealthRegistry}. */
  public static final class Builder {
    private final List<HealthContributor> contributors = new ArrayList<>();
    private Observability observability;
    private Duration timeout;
    private Duration cacheTtl;
    private int threads;

    private Builder() {}

    /**
     * Adds a contributor.
     *
     * @param contributor the contributor
     * @return this builder
     */
    public Builder add(HealthContributor contributor) {
      contributors.add(Objects.requireNonNull(contributor, "contributor"));
      return this;
    }

    /**
     * Adds every contributor found by {@link ServiceLoader}.
     *
     * @return this builder
     */
    public Builder discover() {
      for (HealthContributor contributor : ServiceLoader.load(HealthContributor.class)) {
        contributors.add(contributor);
      }
      return this;
    }

    /**
     * Uses {@code observability} for metrics, version and settings instead of {@link
     * Observability#global()}.
     *
     * @param observability the instance
     * @return this builder
     */
    public Builder observability(Observability observability) {
      this.observability = Objects.requireNonNull(observability, "observability");
      return this;
    }

    /**
     * Sets the per-check timeout.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /**
     * Sets how long a result is reused.
     *
     * @param cacheTtl the time; zero evaluates every call (concurrent calls still share one run)
     * @return this builder
     */
    public Builder cacheTtl(Duration cacheTtl) {
      Objects.requireNonNull(cacheTtl, "cacheTtl");
      if (cacheTtl.isNegative()) {
        throw new IllegalArgumentException("cacheTtl must not be negative");
      }
      this.cacheTtl = cacheTtl;
      return this;
    }

    /**
     * Sets the number of threads checks run on (default: one per check, at least 2, at most 8).
     *
     * @param threads the number
     * @return this builder
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be positive: " + threads);
      }
      this.threads = threads;
      return this;
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    }

    /**
     * Builds the registry.
     *
     * @return the registry
     * @throws IllegalArgumentException if two contributors share a name
     */
    public HealthRegistry build() {
      return new HealthRegistry(this);
    }
  }
}
