/**
 * Health: {@link dev.observability.health.HealthContributor}s grouped into liveness and readiness,
 * evaluated in parallel with timeouts and caching by a {@link
 * dev.observability.health.HealthRegistry}, ready-made {@link dev.observability.health.HealthChecks},
 * and endpoints for servlet containers ({@link dev.observability.health.HealthServlet}) and any JVM
 * ({@link dev.observability.health.ManagementServer}).
 */
package dev.observability.health;
