/**
 * Spring Boot integration: add {@code observability-spring-boot} to a Boot application and {@link
 * dev.observability.spring.boot.ObservabilityAutoConfiguration} wires every module in, configured
 * by {@link dev.observability.spring.boot.ObservabilityProperties} ({@code observability.*}).
 */
@NullMarked
package dev.observability.spring.boot;

import org.jspecify.annotations.NullMarked;
