/**
 * JDBC integration: {@link dev.observability.jdbc.ObservableDataSource} wraps any data source or
 * pool, {@link dev.observability.jdbc.ObservabilityDriver} observes any driver through a {@code
 * jdbc:observability:} URL; both give statement metrics and spans, slow-query reports with
 * sanitized SQL, N+1 detection and pool saturation.
 *
 * <p>Types and members are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.observability.jdbc;

import org.jspecify.annotations.NullMarked;
