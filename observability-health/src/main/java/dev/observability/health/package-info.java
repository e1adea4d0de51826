/**
 * Health: {@link dev.observability.health.HealthContributor}s grouped into liveness and readiness,
 * evaluated in parallel with timeouts and caching by a {@link
 * dev.observability.health.HealthRegistry}, ready-made {@link
 * dev.observability.health.HealthChecks}, and endpoints for servlet containers ({@link
 * dev.observability.health.HealthServlet}) and any JVM ({@link
 * dev.observability.health.ManagementServer}).
 *
 * <p>Types and members are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.observability.health;

import org.jspecify.annotations.NullMarked;
