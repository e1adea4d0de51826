/**
 * Plumbing of the Spring Boot integration: the DataSource post-processor, the Actuator health
 * adapter, driver defaults for {@code jdbc:observability:} URLs.
 *
 * <p>Internal; not for public use, may change at any time.
 */
@NullMarked
package dev.observability.spring.boot.internal;

import org.jspecify.annotations.NullMarked;
