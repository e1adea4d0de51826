package dev.observability.servlet.internal;

import dev.observability.core.Observability;
import dev.observability.core.Redactor;
import dev.observability.core.spi.ContainedFailures;
import dev.observability.core.spi.HttpConventions;
import dev.observability.core.spi.RequestLifecycle;
import dev.observability.servlet.UserIdResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Enumeration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the request filter does for one request, configured once: {@link #begin} builds the exchange
 * from what the request says, {@link #finish} computes the outcome once and feeds each signal
 * (metrics, span, access log) from it, then ends the request. Every failure of our own is
 * contained; the request goes on.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class HttpServerObservation {

  private final Observability observability;
  private final String requestIdHeader;
  private final boolean answersFailures;
  private final List<String> skipPaths;
  private final UserIdResolver userIdResolver;
  private final Redactor redactor;
  private final RouteResolver routes;
  private final ClientAddress clientAddress;
  private final HttpServerMetrics metrics;
  private final HttpServerTracing tracing;
  private final AccessLog accessLog;

  /**
   * Configures the observation.
   *
   * @param observability where signals go
   * @param settings the filter's settings
   */
  public HttpServerObservation(Observability observability, Settings settings) {
    this.observability = observability;
    this.requestIdHeader = settings.requestIdHeader();
    this.answersFailures = settings.answersFailures();
    this.skipPaths = List.copyOf(settings.skipPaths());
    this.userIdResolver = settings.userIdResolver();
    this.redactor = observability.redactor();
    this.routes =
        new RouteResolver(settings.routes(), settings.maxRoutes(), settings.routeAttribute());
    this.clientAddress = new ClientAddress(settings.trustedProxies());
    this.metrics = new HttpServerMetrics(observability.meterRegistry());
    this.tracing =
        new HttpServerTracing(
            observability.tracer(),
            observability.openTelemetry().getPropagators().getTextMapPropagator(),
            redactor);
    this.accessLog = new AccessLog(settings.accessLogger());
  }

  /**
   * The filter's settings, validated by its builder.
   *
   * @param requestIdHeader the request ID header
   * @param routes route templates
   * @param maxRoutes cap on routes not from templates
   * @param skipPaths paths without span or access log
   * @param trustedProxies CIDR blocks whose forwarding headers are believed
   * @param userIdResolver finds the user ID
   * @param accessLogger the access logger's name
   * @param answersFailures whether the filter answers uncaught failures itself
   * @param routeAttribute the request attribute a framework puts its matched route template in, or
   *     {@code null}
   */
  public record Settings(
      String requestIdHeader,
      List<String> routes,
      int maxRoutes,
      List<String> skipPaths,
      List<String> trustedProxies,
      UserIdResolver userIdResolver,
      String accessLogger,
      boolean answersFailures,
      @Nullable String routeAttribute) {}

  /**
   * Returns the instance the signals go to.
   *
   * @return the instance
   */
  public Observability observability() {
    return observability;
  }

  /**
   * Returns whether the filter answers uncaught failures itself instead of the container.
   *
   * @return {@code true} unless the application opted out
   */
  public boolean answersFailures() {
    return answersFailures;
  }

  /**
   * Returns the request ID header.
   *
   * @return the header name
   */
  public String requestIdHeader() {
    return requestIdHeader;
  }

  /**
   * Sets the request ID header again on an error dispatch: some containers reset the response
   * before they dispatch to an error page, which drops it.
   *
   * @param exchange the exchange
   * @param response the response of the error dispatch
   */
  public void echoRequestId(ServerExchange exchange, HttpServletResponse response) {
    try {
      if (!response.isCommitted() && !response.containsHeader(requestIdHeader)) {
        response.setHeader(requestIdHeader, exchange.requestId());
      }
    } catch (RuntimeException e) {
      ContainedFailures.report("servlet-filter", e);
    }
  }

  /**
   * Starts observing a request: request ID (echoed in the response and kept as {@code
   * requestIdAttribute}), route candidate, span, in-flight gauge.
   *
   * @param request the request
   * @param response the response
   * @param requestIdAttribute the request attribute to hold the request ID
   * @return the exchange, or {@code null} when our own set-up failed
   */
  public @Nullable ServerExchange begin(
      HttpServletRequest request, HttpServletResponse response, String requestIdAttribute) {
    try {
      // Validated once, by start(): an absent, ambiguous or invalid ID is replaced there.
      RequestLifecycle lifecycle = RequestLifecycle.start(incomingRequestId(request));
      String requestId = lifecycle.context().requestId();
      response.setHeader(requestIdHeader, requestId);
      request.setAttribute(requestIdAttribute, requestId);
      String path = RouteResolver.pathWithinContext(request);
      RouteResolver.Candidate route = routes.candidate(request, path);
      if (route.fromTemplate) {
        lifecycle.setRoute(route.route()); // bounded already; others only once the status is known
      }
      boolean skipped = isSkipped(path);
      String clientIp =
          clientAddress.resolve(
              request.getRemoteAddr(),
              allLines(request, "X-Forwarded-For"),
              allLines(request, "Forwarded"));
      ServerExchange exchange =
          new ServerExchange(
              request,
              response,
              lifecycle,
              HttpConventions.method(request.getMethod()),
              route,
              skipped,
              clientIp,
              redactor,
              skipped ? null : redactor.forLog(request.getRequestURI()),
              skipped ? null : redactor.forLog(request.getHeader("User-Agent")),
              skipped ? null : safeQuery(request.getQueryString()));
      try {
        tracing.start(exchange);
      } catch (RuntimeException e) {
        ContainedFailures.report("servlet-tracing", e); // the request goes on without a span
      }
      updateUserId(exchange);
      try {
        metrics.started(exchange.method);
      } catch (RuntimeException e) {
        ContainedFailures.report("servlet-metrics", e);
      }
      exchange.attach(); // last: a half-built exchange is never found by a later dispatch
      return exchange;
    } catch (RuntimeException e) {
      ContainedFailures.report("servlet-filter", e);
      return null;
    }
  }

  /**
   * Finishes the request when its async cycle completes.
   *
   * @param exchange the exchange
   * @param request the request, in async mode
   */
  public void finishWhenAsyncCompletes(ServerExchange exchange, HttpServletRequest request) {
    try {
      request.getAsyncContext().addListener(new AsyncCompletion(exchange, this));
    } catch (RuntimeException e) {
      // The async cycle may already be over; finish now rather than never.
      ContainedFailures.report("servlet-filter", e);
      finish(exchange, exchange.response);
    }
  }

  /**
   * Finishes the request once: computes the outcome and feeds every signal from it.
   *
   * @param exchange the exchange
   * @param response the response as it stands
   */
  public void finish(ServerExchange exchange, @Nullable HttpServletResponse response) {
    if (!exchange.markFinished()) {
      return;
    }
    // Each signal on its own: a registry that throws must not cost the span or the access log.
    try {
      Outcome outcome = Outcome.of(exchange, response, routes);
      if (!exchange.route.fromTemplate) {
        exchange.lifecycle.setRoute(outcome.route());
      }
      updateUserId(exchange);
      if (outcome.failure() != null) {
        observability.errorGroups().record(outcome.failure()); // contained inside
      }
      try {
        metrics.finished(
            exchange.method,
            outcome.route(),
            outcome.status(),
            outcome.errorType(),
            outcome.durationNanos());
      } catch (RuntimeException e) {
        ContainedFailures.report("servlet-metrics", e);
      }
      if (!exchange.skipped) {
        try {
          tracing.end(exchange, outcome);
        } catch (RuntimeException e) {
          ContainedFailures.report("servlet-tracing", e);
        }
        accessLog.log(exchange, outcome);
      }
    } catch (RuntimeException e) {
      ContainedFailures.report("servlet-filter", e);
    } finally {
      exchange.lifecycle.end();
    }
  }

  /** The caller's request ID, or {@code null} when it sent none or several. */
  private @Nullable String incomingRequestId(HttpServletRequest request) {
    Enumeration<String> values = request.getHeaders(requestIdHeader);
    if (values == null || !values.hasMoreElements()) {
      return null;
    }
    String first = values.nextElement();
    // Two values are ambiguous (and a sign of header smuggling): trust neither.
    return values.hasMoreElements() ? null : first;
  }

  /**
   * Redacted as a query string: parameters such as {@code code}, {@code key} and {@code sig} are
   * secrets only as query parameters, which the redactor knows by the {@code ?} before them.
   */
  private @Nullable String safeQuery(@Nullable String query) {
    if (query == null) {
      return null;
    }
    String safe = redactor.forLog("?" + query);
    return safe.startsWith("?") ? safe.substring(1) : safe;
  }

  /**
   * A header sent on several lines, joined in order as one list: a proxy may append its own line
   * after one the client supplied, and only the whole list read from the right is trustworthy.
   */
  static @Nullable String allLines(HttpServletRequest request, String name) {
    Enumeration<String> lines = request.getHeaders(name);
    if (lines == null || !lines.hasMoreElements()) {
      return null;
    }
    String first = lines.nextElement();
    if (!lines.hasMoreElements()) {
      return first; // the common case: nothing to join
    }
    StringBuilder joined = new StringBuilder(first);
    while (lines.hasMoreElements()) {
      joined.append(", ").append(lines.nextElement());
    }
    return joined.toString();
  }

  private boolean isSkipped(String path) {
    for (String skip : skipPaths) {
      if (path.equals(skip) || (path.startsWith(skip) && path.charAt(skip.length()) == '/')) {
        return true;
      }
    }
    return false;
  }

  /**
   * The user may be known at the start (container authentication) or only once the application has
   * authenticated the request; asked at both points, written when it changed.
   */
  private void updateUserId(ServerExchange exchange) {
    String userId;
    try {
      String id = userIdResolver.userId(exchange.request);
      userId = id == null ? null : redactor.forLog(id);
    } catch (RuntimeException e) {
      ContainedFailures.report("user-id-resolver", e);
      return;
    }
    if (userId != null && !userId.equals(exchange.context().userId())) {
      exchange.context().setUserId(userId);
    }
  }
}
