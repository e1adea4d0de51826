package dev.observability.health;

/** Who may see check details, messages and host names in the health endpoints' bodies. */
public enum ShowDetails {
  /** Nobody: the body shows statuses only (the default). */
  NEVER,
  /** Everybody; only for endpoints that are not reachable from outside. */
  ALWAYS,
  /** Callers the {@link HealthAuthorizer} accepts. */
  WHEN_AUTHORIZED
}
