/**
 * Servlet integration: {@link dev.observability.servlet.RequestObservabilityFilter} gives every
 * request an ID, a server span, the HTTP golden-signal metrics and one access-log event; {@link
 * dev.observability.servlet.ErrorResponses} and {@link dev.observability.servlet.ErrorPageServlet}
 * write the JSON error body; {@link dev.observability.servlet.PrometheusScrapeServlet} serves
 * {@code /metrics}; {@link dev.observability.servlet.ObservabilityServletContainerInitializer} sets
 * all of it up without code.
 *
 * <p>Types and members are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.observability.servlet;

import org.jspecify.annotations.NullMarked;
