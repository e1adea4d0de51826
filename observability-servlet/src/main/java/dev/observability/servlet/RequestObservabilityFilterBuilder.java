package dev.observability.servlet;

import dev.observability.core.Observability;
import dev.observability.servlet.internal.ClientAddress;
import dev.observability.servlet.internal.HttpServerObservation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Builds a {@link RequestObservabilityFilter}. */
public final class RequestObservabilityFilterBuilder {
  private @Nullable Observability observability;
  private String requestIdHeader = RequestObservabilityFilter.DEFAULT_REQUEST_ID_HEADER;
  private final List<String> routes = new ArrayList<>();
  private final List<String> skipPaths = new ArrayList<>(List.of("/health", "/metrics"));
  private final List<String> trustedProxies = new ArrayList<>();
  private int maxRoutes = 200;
  private UserIdResolver userIdResolver = UserIdResolver.principal();
  private boolean errorAnswers = true;
  private @Nullable String routeAttribute;

  RequestObservabilityFilterBuilder() {}

  /**
   * Uses {@code observability} instead of {@link Observability#global()}.
   *
   * @param observability the instance
   * @return this builder
   */
  public RequestObservabilityFilterBuilder observability(Observability observability) {
    this.observability = Objects.requireNonNull(observability, "observability");
    return this;
  }

  /**
   * Sets the request ID header (default {@value
   * RequestObservabilityFilter#DEFAULT_REQUEST_ID_HEADER}).
   *
   * @param header the header name
   * @return this builder
   */
  public RequestObservabilityFilterBuilder requestIdHeader(String header) {
    Objects.requireNonNull(header, "header");
    if (header.isBlank()) {
      throw new IllegalArgumentException("request ID header must not be blank");
    }
    this.requestIdHeader = header;
    return this;
  }

  /**
   * Registers route templates such as {@code /api/tasks/{id}}; a final {@code **} matches the rest
   * of the path. Templates are tried in order and win over servlet mappings.
   *
   * @param templates the templates, relative to the context path
   * @return this builder
   */
  public RequestObservabilityFilterBuilder routes(String... templates) {
    for (String template : templates) {
      Objects.requireNonNull(template, "template");
      if (!template.startsWith("/")) {
        throw new IllegalArgumentException("route template must start with '/': " + template);
      }
      routes.add(template);
    }
    return this;
  }

  /**
   * Replaces the paths that get neither span nor access log (default {@code /health}, {@code
   * /metrics}); each also covers the paths below it.
   *
   * @param paths the paths, relative to the context path
   * @return this builder
   */
  public RequestObservabilityFilterBuilder skipPaths(String... paths) {
    skipPaths.clear();
    for (String path : paths) {
      Objects.requireNonNull(path, "path");
      skipPaths.add(
          path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path);
    }
    return this;
  }

  /**
   * Sets the proxies whose {@code X-Forwarded-For} and {@code Forwarded} headers are believed.
   *
   * @param cidrs CIDR blocks or single addresses, such as {@code 10.0.0.0/8}
   * @return this builder
   * @throws IllegalArgumentException for a malformed block
   */
  public RequestObservabilityFilterBuilder trustedProxies(String... cidrs) {
    List<String> blocks = Arrays.asList(cidrs);
    new ClientAddress(blocks); // validate now, not on the first request
    trustedProxies.addAll(blocks);
    return this;
  }

  /**
   * Sets the cap on distinct routes that do not come from templates (default 200); past it, the
   * route is {@code other}.
   *
   * @param maxRoutes the cap
   * @return this builder
   */
  public RequestObservabilityFilterBuilder maxRoutes(int maxRoutes) {
    if (maxRoutes < 1) {
      throw new IllegalArgumentException("maxRoutes must be positive: " + maxRoutes);
    }
    this.maxRoutes = maxRoutes;
    return this;
  }

  /**
   * Sets how the user ID is found (default: the principal's name).
   *
   * @param resolver the resolver
   * @return this builder
   */
  public RequestObservabilityFilterBuilder userIdResolver(UserIdResolver resolver) {
    this.userIdResolver = Objects.requireNonNull(resolver, "resolver");
    return this;
  }

  /**
   * Sets whether the filter answers failures the application did not handle (default {@code true}).
   * When it does, an exception that escapes the application while the response is not committed is
   * answered by the filter with the status {@link ErrorResponses#statusFor} gives it, the standard
   * status text and the request ID, as JSON or, when the client prefers it, as a minimal HTML or
   * plain-text page; the exception is logged once on {@value
   * RequestObservabilityFilter#ERROR_LOGGER} and not rethrown. Server-error messages passed to
   * {@code sendError} are dropped and client-error messages redacted before the container sees
   * them.
   *
   * <p>Turn it off to keep the container's error handling (the exception is then rethrown as
   * thrown, and the container answers, typically with 500): for applications whose own error pages
   * must see the exception. The container's default pages show exception messages and stack traces;
   * map {@link ErrorPageServlet} as the error page then. In {@code web.xml} or through the
   * zero-config initializer, the init parameter {@code errorAnswers=false} does the same.
   *
   * @param enabled {@code false} to let the container answer
   * @return this builder
   */
  public RequestObservabilityFilterBuilder errorAnswers(boolean enabled) {
    this.errorAnswers = enabled;
    return this;
  }

  /**
   * Takes the route from a request attribute that a framework sets once it has matched the request
   * to one of its route templates, such as Spring MVC's {@code
   * org.springframework.web.servlet.HandlerMapping.bestMatchingPattern}. When the attribute holds a
   * template starting with {@code /} at the end of the request, it is the route (templates come
   * from code, so they are bounded and do not count against {@link #maxRoutes}); otherwise the
   * usual rules apply. A catch-all template ({@code /**}) on a 404 is left to the usual rules, so
   * unknown paths stay {@value RequestObservabilityFilter#ROUTE_NOT_FOUND}. The Spring Boot
   * integration sets it; with other frameworks, name theirs.
   *
   * @param attribute the request attribute's name
   * @return this builder
   */
  public RequestObservabilityFilterBuilder routeAttribute(String attribute) {
    Objects.requireNonNull(attribute, "attribute");
    if (attribute.isBlank()) {
      throw new IllegalArgumentException("route attribute must not be blank");
    }
    this.routeAttribute = attribute;
    return this;
  }

  /**
   * Builds the filter.
   *
   * @return the filter
   */
  public RequestObservabilityFilter build() {
    return new RequestObservabilityFilter(this);
  }

  /** Whether the filter reports to {@link Observability#global()}, whichever instance it is. */
  boolean followsGlobal() {
    return observability == null;
  }

  HttpServerObservation observation() {
    return new HttpServerObservation(
        observability != null ? observability : Observability.global(),
        new HttpServerObservation.Settings(
            requestIdHeader,
            List.copyOf(routes),
            maxRoutes,
            List.copyOf(skipPaths),
            List.copyOf(trustedProxies),
            userIdResolver,
            RequestObservabilityFilter.ACCESS_LOGGER,
            errorAnswers,
            routeAttribute));
  }
}
