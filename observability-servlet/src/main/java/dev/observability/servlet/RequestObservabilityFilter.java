package dev.observability.servlet;

import dev.observability.core.Observability;
import dev.observability.core.RequestContext;
import dev.observability.core.spi.ContainedFailures;
import dev.observability.servlet.internal.HttpServerObservation;
import dev.observability.servlet.internal.ServerExchange;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One filter that gives a Jakarta Servlet 6 application the golden signals, a correlated access log
 * and a server span per request.
 *
 * <p>For every request it:
 *
 * <ul>
 *   <li>takes the request ID from {@code X-Request-ID} (configurable) when it is valid and a single
 *       value, else generates one; echoes it in the response; binds a {@link RequestContext}, so
 *       every log line written while the request runs carries {@code request_id}, {@code trace_id},
 *       {@code span_id} and {@code user_id}; restores the MDC afterwards, whatever happens;
 *   <li>starts a SERVER span continuing an incoming W3C {@code traceparent} (with {@code
 *       tracestate} and baggage), named {@code METHOD route}, with the semantic-convention
 *       attributes, current while the application runs; exceptions are recorded on it;
 *   <li>records {@code http.server.request.duration} (seconds, histogram) and {@code
 *       http.server.active_requests}, labelled with a bounded {@code http.route};
 *   <li>writes one access-log event on logger {@code dev.observability.access} with the fields
 *       {@code method, path, query, route, status_code, duration_ms, ip_address, user_agent} as
 *       SLF4J key-value pairs (logstash-logback-encoder renders them as JSON fields). Secret query
 *       parameters are masked, the path and user agent pass through the {@linkplain
 *       Observability#redactor() redactor}'s {@code forLog}, headers such as {@code Authorization}
 *       and {@code Cookie} are never logged.
 * </ul>
 *
 * <p>Requests under the skip paths (default {@code /health} and {@code /metrics}) get metrics but
 * neither a span nor an access-log event. Asynchronous requests are finished when their async cycle
 * completes; ASYNC and ERROR dispatches are not counted again. A failure inside the filter's own
 * work is contained and counted by {@link ContainedFailures}; the request goes on.
 *
 * <p>An exception that escapes the application is recorded on the span and, while the response is
 * not committed, answered by the filter itself, so no container's default error page (with its
 * stack trace or exception message) reaches the client: the status {@link ErrorResponses#statusFor}
 * maps the exception to (a {@link ServletException} wrapper is looked through), the standard status
 * text, the request ID, as the JSON of {@link ErrorResponses} or a minimal HTML or plain page when
 * the client's {@code Accept} prefers one. The exception is logged once, with its stack trace, on
 * {@value #ERROR_LOGGER}; metrics, span and access log carry the status the client got and {@code
 * error.type} names the exception's class. Server-error messages given to {@code sendError} never
 * reach the client, client-error ones pass through the redactor. {@link
 * RequestObservabilityFilterBuilder#errorAnswers(boolean) errorAnswers(false)} (init parameter
 * {@code errorAnswers=false}) leaves failures to the container: the exception is then rethrown
 * unchanged and recorded with status 500, unless the response was committed.
 *
 * <pre>{@code
 * FilterHolder holder = new FilterHolder(RequestObservabilityFilter.builder()
 *     .routes("/api/tasks/{id}", "/api/users/{id}/tasks")
 *     .trustedProxies("10.0.0.0/8")
 *     .build());
 * context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC,
 *     DispatcherType.ERROR));
 * }</pre>
 *
 * <p>With the public no-arg constructor (as in {@code web.xml} or the zero-config initializer) the
 * filter reads its settings from init parameters: {@code requestIdHeader}, {@code routes}, {@code
 * skipPaths} and {@code trustedProxies} (comma-separated), {@code maxRoutes}, {@code errorAnswers},
 * {@code routeAttribute}; and uses {@link Observability#global()}.
 */
public final class RequestObservabilityFilter implements Filter {

  /** The default request ID header. */
  public static final String DEFAULT_REQUEST_ID_HEADER = "X-Request-ID";

  /** The name of the access logger. */
  public static final String ACCESS_LOGGER = "dev.observability.access";

  /** The logger of uncaught failures the filter answered, each with its stack trace. */
  public static final String ERROR_LOGGER = "dev.observability.errors";

  /** The request attribute holding the request ID, for code that has no access to the MDC. */
  public static final String REQUEST_ID_ATTRIBUTE = "dev.observability.requestId";

  /** The request duration histogram (seconds). */
  public static final String METRIC_REQUEST_DURATION = "http.server.request.duration";

  /** The in-flight requests gauge. */
  public static final String METRIC_ACTIVE_REQUESTS = "http.server.active_requests";

  /** The route of requests past the route cap. */
  public static final String ROUTE_OTHER = "other";

  /** The route of a 404 that no template or servlet mapping explains. */
  public static final String ROUTE_NOT_FOUND = "NOT_FOUND";

  /** The builder's settings, or the init parameters' once {@link #init} has read them. */
  private volatile @Nullable RequestObservabilityFilterBuilder settings;

  private volatile @Nullable HttpServerObservation observation;

  /** Creates a filter configured from its init parameters and {@link Observability#global()}. */
  public RequestObservabilityFilter() {}

  RequestObservabilityFilter(RequestObservabilityFilterBuilder builder) {
    this.settings = builder;
    this.observation = builder.observation();
  }

  /**
   * Starts building a filter.
   *
   * @return a new builder
   */
  public static RequestObservabilityFilterBuilder builder() {
    return new RequestObservabilityFilterBuilder();
  }

  @Override
  public void init(FilterConfig filterConfig) {
    if (settings != null) {
      return; // built with the builder, whose settings win
    }
    RequestObservabilityFilterBuilder builder = builder();
    String header = filterConfig.getInitParameter("requestIdHeader");
    if (header != null && !header.isBlank()) {
      builder.requestIdHeader(header.trim());
    }
    String routes = filterConfig.getInitParameter("routes");
    if (routes != null) {
      builder.routes(split(routes));
    }
    String skip = filterConfig.getInitParameter("skipPaths");
    if (skip != null) {
      builder.skipPaths(split(skip));
    }
    String proxies = filterConfig.getInitParameter("trustedProxies");
    if (proxies != null) {
      builder.trustedProxies(split(proxies));
    }
    String maxRoutes = filterConfig.getInitParameter("maxRoutes");
    if (maxRoutes != null && !maxRoutes.isBlank()) {
      builder.maxRoutes(Integer.parseInt(maxRoutes.trim()));
    }
    String errorAnswers = filterConfig.getInitParameter("errorAnswers");
    if (errorAnswers != null && !errorAnswers.isBlank()) {
      builder.errorAnswers(!"false".equalsIgnoreCase(errorAnswers.trim()));
    }
    String routeAttribute = filterConfig.getInitParameter("routeAttribute");
    if (routeAttribute != null && !routeAttribute.isBlank()) {
      builder.routeAttribute(routeAttribute.trim());
    }
    settings = builder;
    observation = builder.observation();
  }

  private static String[] split(String list) {
    return Arrays.stream(list.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toArray(String[]::new);
  }

  /**
   * The observation, made again when the filter follows the global instance and another one was
   * installed since: a filter the container created before the application called {@link
   * Observability.Builder#install()} then reports to the installed instance, not to the one made
   * from the environment on first use.
   */
  private HttpServerObservation observation() {
    HttpServerObservation current = observation;
    RequestObservabilityFilterBuilder from = settings;
    if (current != null
        && (from == null
            || !from.followsGlobal()
            || current.observability() == Observability.global())) {
      return current;
    }
    synchronized (this) {
      current = observation;
      from = settings != null ? settings : builder();
      if (current == null
          || (from.followsGlobal() && current.observability() != Observability.global())) {
        current = from.observation();
        observation = current;
      }
      return current;
    }
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
      chain.doFilter(request, response);
      return;
    }
    ServerExchange existing = ServerExchange.of(request);
    if (existing != null) {
      // ASYNC, ERROR, FORWARD or INCLUDE dispatch of a request already observed: re-bind its
      // contexts so logs carry its IDs, but do not count it again.
      if (request.getDispatcherType() == DispatcherType.ERROR) {
        observation().echoRequestId(existing, (HttpServletResponse) response);
      }
      try (ServerExchange.Scope scope = existing.open()) {
        chain.doFilter(request, response);
      }
      return;
    }
    if (request.getDispatcherType() != DispatcherType.REQUEST) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletRequest httpRequest = (HttpServletRequest) request;
    HttpServletResponse httpResponse = (HttpServletResponse) response;
    HttpServerObservation observation = observation();
    ServerExchange exchange = observation.begin(httpRequest, httpResponse, REQUEST_ID_ATTRIBUTE);
    if (exchange == null) {
      chain.doFilter(request, response); // our own set-up failed; the request goes on
      return;
    }
    boolean answers = observation.answersFailures();
    HttpServletResponse downstream =
        answers ? new ErrorAnswers.SafeSendError(httpResponse, exchange.redactor()) : httpResponse;
    try (ServerExchange.Scope scope = exchange.open()) {
      try {
        chain.doFilter(request, downstream);
      } catch (IOException | ServletException | RuntimeException | Error e) {
        Throwable cause = ErrorAnswers.cause(e);
        exchange.failed(cause);
        if (!answers
            || httpRequest.isAsyncStarted()
            || !answered(exchange, httpRequest, httpResponse, e, cause)) {
          throw e;
        }
      } finally {
        if (httpRequest.isAsyncStarted() && exchange.failure() == null) {
          observation.finishWhenAsyncCompletes(exchange, httpRequest);
        } else {
          observation.finish(exchange, httpResponse);
        }
      }
    }
  }

  private boolean answered(
      ServerExchange exchange,
      HttpServletRequest request,
      HttpServletResponse response,
      Throwable failure,
      Throwable cause) {
    int status =
        ErrorAnswers.answer(
            request,
            response,
            failure,
            cause,
            exchange.redactor(),
            observation().requestIdHeader(),
            exchange.requestId());
    if (status == 0) {
      return false;
    }
    exchange.answered(status);
    return true;
  }

  @Override
  public void destroy() {}
}
