package dev.observability.health;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * One health check: a name, the groups it belongs to, whether it is critical, and the check.
 *
 * <p>{@link #check()} runs on the health registry's own small thread pool, never on a request
 * thread, with a timeout: it may block (a database round trip) but should honour interruption where
 * it can. It may throw; an exception, an {@link Error} or a {@code null} result all count as {@code
 * down}. Results are cached briefly and shared by concurrent callers, so a check runs at most once
 * per cache window however hard the endpoints are probed.
 *
 * <p>Contributors are registered with {@link HealthRegistry.Builder#add(HealthContributor)} or
 * discovered through {@link java.util.ServiceLoader} ({@code
 * META-INF/services/dev.observability.health.HealthContributor}, public no-arg constructor).
 *
 * <pre>{@code
 * HealthContributor queue = HealthContributor.of("queue", () ->
 *     broker.ping() ? Health.up() : Health.down("broker unreachable")).nonCritical();
 * }</pre>
 */
public interface HealthContributor {

  /** The group of checks on the process itself: never external dependencies. */
  String LIVENESS = "liveness";

  /** The group of dependencies needed to serve traffic. */
  String READINESS = "readiness";

  /**
   * Returns the check's name, unique within a registry; used as a metric label.
   *
   * @return the name
   */
  String name();

  /**
   * Returns the groups the check belongs to (default {@value #READINESS}).
   *
   * @return the groups
   */
  default Set<String> groups() {
    return Set.of(READINESS);
  }

  /**
   * Returns whether a failure makes the whole status {@code unhealthy} (default) rather than {@code
   * degraded}.
   *
   * @return whether the check is critical
   */
  default boolean critical() {
    return true;
  }

  /**
   * Runs the check.
   *
   * @return the result
   * @throws Exception reported as {@code down}
   */
  Health check() throws Exception;

  /**
   * Returns a copy of this contributor in other groups.
   *
   * @param groups the groups
   * @return the copy
   */
  default HealthContributor inGroups(String... groups) {
    return new Configured(this, Set.of(groups), critical());
  }

  /**
   * Returns a copy of this contributor whose failure only degrades the status.
   *
   * @return the copy
   */
  default HealthContributor nonCritical() {
    return new Configured(this, groups(), false);
  }

  /**
   * Creates a critical readiness contributor from a lambda.
   *
   * @param name the name
   * @param check the check
   * @return the contributor
   */
  static HealthContributor of(String name, Callable<Health> check) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(check, "check");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    return new HealthContributor() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Health check() throws Exception {
        return check.call();
      }
    };
  }

  /** A contributor with groups and criticality changed. */
  final class Configured implements HealthContributor {
    private final HealthContributor delegate;
    private final Set<String> groups;
    private final boolean critical;

    Configured(HealthContributor delegate, Set<String> groups, boolean critical) {
      this.delegate = delegate;
      this.groups = Set.copyOf(groups);
      this.critical = critical;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public Set<String> groups() {
      return groups;
    }

    @Override
    public boolean critical() {
      return critical;
    }

    @Override
    public Health check() throws Exception {
      return delegate.check();
    }
  }
}
