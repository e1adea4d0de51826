/**
 * For server and client integrations: the SDK's own modules and third parties building on it.
 * Applications do not need it. {@link dev.observability.core.spi.RequestLifecycle} starts and ends
 * a request (closing it ends it), {@link dev.observability.core.spi.ContainedFailures} counts and
 * logs a failure the library kept from the application, {@link
 * dev.observability.core.spi.ErrorTypes} is the one rule for {@code error.type}, {@link
 * dev.observability.core.spi.JsonWriter} writes small JSON answers without a JSON library, and
 * {@link dev.observability.core.spi.PrometheusScrape} renders a scrape.
 *
 * <p>Types and members are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.observability.core.spi;

import org.jspecify.annotations.NullMarked;
