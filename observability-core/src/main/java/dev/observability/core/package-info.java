/**
 * The core of the observability SDK: the {@link dev.observability.core.Observability} entry point
 * that owns the OpenTelemetry SDK and the Micrometer registry, the per-request {@link
 * dev.observability.core.RequestContext} with its MDC keys and {@link
 * dev.observability.core.RequestId}s, {@link dev.observability.core.Redaction} of personal data and
 * secrets, and helpers for timing code and recording security events.
 *
 * <p>Types and members are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.observability.core;

import org.jspecify.annotations.NullMarked;
