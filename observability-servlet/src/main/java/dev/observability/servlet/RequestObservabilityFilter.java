package dev.observability.servlet;

import dev.observability.core.ContainedFailures;
import dev.observability.core.Observability;
import dev.observability.core.Redaction;
import dev.observability.core.RequestContext;
import dev.observability.core.RequestId;
import dev.observability.servlet.internal.ClientAddress;
import dev.observability.servlet.internal.HttpServerMetrics;
import dev.observability.servlet.internal.RouteResolver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One filter that gives a Jakarta Servlet 6 application the golden signals, a correlated access
 * log and a server span per request.
 *
 * <p>For every request it:
 *
 * <ul>
 *   <li>takes the request ID from {@code X-Request-ID} (configurable) when it is valid and a single
 *       value, else generates one; echoes it in the response; binds a {@link RequestContext}, so
 *       every log line written while the request runs carries {@code request_id}, {@code
 *       trace_id}, {@code span_id} and {@code user_id}; restores the MDC afterwards, whatever
 *       happens;
 *   <li>starts a SERVER span continuing an incoming W3C {@code traceparent} (with {@code
 *       tracestate} and baggage), named {@code METHOD route}, with the semantic-convention
 *       attributes, current while the application runs; exceptions are recorded on it;
 *   <li>records {@code http.server.request.duration} (seconds, histogram) and {@code
 *       http.server.active_requests}, labelled with a bounded {@code http.route};
 *   <li>writes one access-log event on logger {@code dev.observability.access} with the fields
 *       {@code method, path, query, route, status_code, duration_ms, ip_address, user_agent} as
 *       SLF4J key-value pairs (logstash-logback-encoder renders them as JSON fields). Secret query
 *       parameters are masked, the path and user agent pass through {@link
 *       Redaction#forLog(CharSequence)}, headers such as {@code Authorization} and {@code Cookie}
 *       are never logged.
 * </ul>
 *
 * <p>Requests under the skip paths (default {@code /health} and {@code /metrics}) get metrics but
 * neither a span nor an access-log event. Asynchronous requests are finished when their async
 * cycle completes; ASYNC and ERROR dispatches are not counted again. An exception from the chain
 * is recorded (status 500 unless a response was already committed) and rethrown unchanged. A
 * failure inside the filter's own work is contained and counted by {@link ContainedFailures}; the
 * request goes on.
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
 * skipPaths} and {@code trustedProxies} (comma-separated), {@code maxRoutes}; and uses {@link
 * Observability#global()}.
 */
public final class RequestObservabilityFilter implements Filter {

  /** The default request ID header. */
  public static final String DEFAULT_REQUEST_ID_HEADER = "X-Request-ID";
  /** The name of the access logger. */
  public static final String ACCESS_LOGGER = "dev.observability.access";
  /** The request attribute holding the request ID, for code that has no access to the MDC. */
  public static final String REQUEST_ID_ATTRIBUTE = "dev.observability.requestId";

  private static final String STATE_ATTRIBUTE = RequestObservabilityFilter.class.getName() + ".state";
  private static final Logger ACCESS = LoggerFactory.getLogger(ACCESS_LOGGER);

  private static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
  private static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
  private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
  private static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
  private static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("network.protocol.version");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final Builder configuration;
  private volatile Engine engine;

  /** Creates a filter configured from its init parameters and {@link Observability#global()}. */
  public RequestObservabilityFilter() {
    this.configuration = null;
  }

  private RequestObservabilityFilter(Builder builder) {
    this.configuration = builder;
    this.engine = new Engine(builder);
  }

  /**
   * Starts building a filter.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void init(FilterConfig filterConfig) {
    if (configuration != null) {
      return;
    }
    Builder builder = builder();
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
    engine = new Engine(builder);
  }

  private static String[] split(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .toArray(String[]::new);
  }

  private Engine engine() {
    Engine current = engine;
    if (current == null) {
      synchronized (this) {
        if (engine == null) {
          engine = new Engine(builder());
        }
        current = engine;
      }
    }
    return current;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletRequest httpRequest = (HttpServletRequest) request;
    HttpServletResponse httpResponse = (HttpServletResponse) response;
    Object existing = request.getAttribute(STATE_ATTRIBUTE);
    if (existing instanceof Exchange) {
      // ASYNC, ERROR, FORWARD or INCLUDE dispatch of a request already observed: re-bind its
      // context so logs carry its IDs, but do not count it again.
      Exchange exchange = (Exchange) existing;
      try (Scope otel = exchange.otelContext.makeCurrent();
          RequestContext.Scope scope = exchange.context.makeCurrent()) {
        chain.doFilter(request, response);
      }
      return;
    }
    if (request.getDispatcherType() != DispatcherType.REQUEST) {
      chain.doFilter(request, response);
      return;
    }
    Engine engine = engine();
    Exchange exchange = engine.begin(httpRequest, httpResponse);
    if (exchange == null) {
      chain.doFilter(request, response); // our own set-up failed; the request goes on
      return;
    }
    try (Scope otel = exchange.otelContext.makeCurrent();
        RequestContext.Scope scope = exchange.context.makeCurrent()) {
      try {
        chain.doFilter(request, response);
      } catch (IOException | ServletException | RuntimeException | Error e) {
        exchange.failure = e;
        throw e;
      } finally {
        if (httpRequest.isAsyncStarted() && exchange.failure == null) {
          engine.finishWhenAsyncCompletes(exchange, httpRequest);
        } else {
          engine.finish(exchange, httpResponse);
        }
      }
    }
  }

  @Override
  public void destroy() {}

  /** The state of one observed request. */
  private static final class Exchange {
    final RequestContext context;
    final Context otelContext;
    final Span span;
    final String method;
    final RouteResolver.Candidate route;
    final boolean skipped;
    final long startNanos;
    final AtomicBoolean finished = new AtomicBoolean();
    volatile Throwable failure;
    volatile boolean timedOut;
    final HttpServletRequest request;
    final HttpServletResponse response;
    /** Resolved once: the span and the access log both report it. */
    final String clientIp;
    /** The request URI and User-Agent made safe once, for the span and the access log. */
    final String safePath;
    final String userAgent;

    Exchange(HttpServletRequest request, HttpServletResponse response, String clientIp,
        String safePath, String userAgent, RequestContext context, Context otelContext, Span span,
        String method, RouteResolver.Candidate route, boolean skipped, long startNanos) {
      this.request = request;
      this.response = response;
      this.clientIp = clientIp;
      this.safePath = safePath;
      this.userAgent = userAgent;
      this.context = context;
      this.otelContext = otelContext;
      this.span = span;
      this.method = method;
      this.route = route;
      this.skipped = skipped;
      this.startNanos = startNanos;
    }
  }

  private enum HeaderGetter implements TextMapGetter<HttpServletRequest> {
    INSTANCE;

    @Override
    public Iterable<String> keys(HttpServletRequest carrier) {
      Enumeration<String> names = carrier.getHeaderNames();
      return names == null ? List.of() : Collections.list(names);
    }

    @Override
    public String get(HttpServletRequest carrier, String key) {
      return carrier == null ? null : carrier.getHeader(key);
    }
  }

  /** Everything configured, built once; the per-request work. */
  private static final class Engine {
    final Observability observability;
    final Tracer tracer;
    final TextMapPropagator propagator;
    final HttpServerMetrics metrics;
    final RouteResolver routes;
    final ClientAddress clientAddress;
    final String requestIdHeader;
    final List<String> skipPaths;
    final UserIdResolver userIdResolver;

    Engine(Builder builder) {
      this.observability = builder.observability != null ? builder.observability : Observability.global();
      this.tracer = observability.tracer();
      this.propagator = observability.openTelemetry().getPropagators().getTextMapPropagator();
      this.metrics = new HttpServerMetrics(observability.meterRegistry());
      this.routes = new RouteResolver(builder.routes, builder.maxRoutes);
      this.clientAddress = new ClientAddress(builder.trustedProxies);
      this.requestIdHeader = builder.requestIdHeader;
      this.skipPaths = List.copyOf(builder.skipPaths);
      this.userIdResolver = builder.userIdResolver;
    }

    Exchange begin(HttpServletRequest request, HttpServletResponse response) {
      long start = System.nanoTime();
      try {
        String requestId = requestId(request);
        response.setHeader(requestIdHeader, requestId);
        request.setAttribute(REQUEST_ID_ATTRIBUTE, requestId);
        RequestContext context = RequestContext.create(requestId);
        String method = HttpServerMetrics.method(request.getMethod());
        String path = RouteResolver.pathWithinContext(request);
        RouteResolver.Candidate route = routes.candidate(request, path);
        context.setRoute(route.route());
        boolean skipped = isSkipped(path);
        Context parent = propagator.extract(Context.root(), request, HeaderGetter.INSTANCE);
        String clientIp = clientIp(request);
        // Redacted once: the span and the access log both report them.
        String safePath = skipped ? null : Redaction.forLog(request.getRequestURI());
        String userAgent = skipped ? null : Redaction.forLog(request.getHeader("User-Agent"));
        Span span = skipped ? Span.getInvalid() : startSpan(request, method, parent, clientIp, safePath, userAgent);
        Context otelContext = parent.with(span);
        String userId = userId(request);
        if (userId != null) {
          context.setUserId(userId);
        }
        Exchange exchange = new Exchange(request, response, clientIp, safePath, userAgent, context,
            otelContext, span, method, route, skipped, start);
        request.setAttribute(STATE_ATTRIBUTE, exchange);
        metrics.started(method);
        return exchange;
      } catch (RuntimeException e) {
        ContainedFailures.report("servlet-filter", e);
        return null;
      }
    }

    private String requestId(HttpServletRequest request) {
      Enumeration<String> values = request.getHeaders(requestIdHeader);
      if (values == null || !values.hasMoreElements()) {
        return RequestId.generate();
      }
      String first = values.nextElement();
      // Two values are ambiguous (and a sign of header smuggling): trust neither.
      return values.hasMoreElements() ? RequestId.generate() : RequestId.acceptOrGenerate(first);
    }

    private Span startSpan(HttpServletRequest request, String method, Context parent, String clientIp,
        String safePath, String userAgent) {
      var builder = tracer.spanBuilder(method)
          .setParent(parent)
          .setSpanKind(SpanKind.SERVER)
          .setAttribute(HTTP_REQUEST_METHOD, method)
          .setAttribute(URL_PATH, safePath)
          .setAttribute(URL_SCHEME, request.getScheme())
          .setAttribute(SERVER_ADDRESS, request.getServerName())
          .setAttribute(SERVER_PORT, (long) request.getServerPort())
          .setAttribute(CLIENT_ADDRESS, clientIp)
          .setAttribute(PROTOCOL_VERSION, protocolVersion(request.getProtocol()));
      String query = request.getQueryString();
      if (query != null) {
        builder.setAttribute(URL_QUERY, Redaction.redact(query));
      }
      if (userAgent != null) {
        builder.setAttribute(USER_AGENT, userAgent);
      }
      return builder.startSpan();
    }

    private static String protocolVersion(String protocol) {
      if (protocol == null) {
        return "";
      }
      switch (protocol) { // the usual ones without a substring per request
        case "HTTP/1.1":
          return "1.1";
        case "HTTP/2.0":
          return "2.0";
        case "HTTP/1.0":
          return "1.0";
        default:
          break;
      }
      int slash = protocol.indexOf('/');
      return slash < 0 ? protocol : protocol.substring(slash + 1);
    }

    private boolean isSkipped(String path) {
      for (String skip : skipPaths) {
        if (path.equals(skip) || (path.startsWith(skip) && path.charAt(skip.length()) == '/')) {
          return true;
        }
      }
      return false;
    }

    private String clientIp(HttpServletRequest request) {
      return clientAddress.resolve(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"),
          request.getHeader("Forwarded"));
    }

    private String userId(HttpServletRequest request) {
      try {
        String id = userIdResolver.userId(request);
        return id == null ? null : Redaction.forLog(id);
      } catch (RuntimeException e) {
        ContainedFailures.report("user-id-resolver", e);
        return null;
      }
    }

    void finishWhenAsyncCompletes(Exchange exchange, HttpServletRequest request) {
      try {
        request.getAsyncContext().addListener(new AsyncListener() {
          @Override
          public void onComplete(AsyncEvent event) {
            HttpServletResponse response = event.getSuppliedResponse() instanceof HttpServletResponse
                ? (HttpServletResponse) event.getSuppliedResponse() : exchange.response;
            try (Scope otel = exchange.otelContext.makeCurrent();
                RequestContext.Scope scope = exchange.context.makeCurrent()) {
              finish(exchange, response);
            }
          }

          @Override
          public void onTimeout(AsyncEvent event) {
            exchange.timedOut = true;
          }

          @Override
          public void onError(AsyncEvent event) {
            if (event.getThrowable() != null) {
              exchange.failure = event.getThrowable();
            }
          }

          @Override
          public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
          }
        });
      } catch (RuntimeException e) {
        // The async cycle may already be over; finish now rather than never.
        ContainedFailures.report("servlet-filter", e);
        finish(exchange, exchange.response);
      }
    }

    void finish(Exchange exchange, HttpServletResponse response) {
      if (!exchange.finished.compareAndSet(false, true)) {
        return;
      }
      try {
        long nanos = System.nanoTime() - exchange.startNanos;
        Throwable failure = exchange.failure;
        int status = response == null ? 500 : response.getStatus();
        if (failure != null && (response == null || !response.isCommitted())) {
          status = 500;
        }
        if (exchange.timedOut && status < 400) {
          status = 503;
        }
        String errorType = failure != null ? failure.getClass().getName()
            : exchange.timedOut ? "timeout"
            : status >= 500 ? Integer.toString(status) : "none";
        String route = routes.bound(exchange.route, status);
        exchange.context.setRoute(route);
        metrics.finished(exchange.method, route, status, failure != null ? failure.getClass().getSimpleName() : errorType, nanos);
        String userId = userId(exchange.request);
        if (userId != null && !userId.equals(exchange.context.userId())) {
          exchange.context.setUserId(userId);
        }
        if (!exchange.skipped) {
          endSpan(exchange, route, status, failure, errorType);
          accessLog(exchange, route, status, nanos);
        }
      } catch (RuntimeException e) {
        ContainedFailures.report("servlet-filter", e);
      } finally {
        exchange.context.end();
      }
    }

    private void endSpan(Exchange exchange, String route, int status, Throwable failure, String errorType) {
      Span span = exchange.span;
      span.updateName(exchange.method + " " + route);
      span.setAttribute(HTTP_ROUTE, route);
      span.setAttribute(HTTP_STATUS, (long) status);
      if (failure != null) {
        span.recordException(failure);
      }
      if (failure != null || status >= 500 || exchange.timedOut) {
        span.setAttribute(ERROR_TYPE, errorType);
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
    }

    private void accessLog(Exchange exchange, String route, int status, long nanos) {
      if (!ACCESS.isInfoEnabled()) {
        return;
      }
      HttpServletRequest request = exchange.request;
      String query = request.getQueryString();
      long millis = nanos / 1_000_000;
      var event = ACCESS.atInfo()
          .addKeyValue("method", exchange.method)
          .addKeyValue("path", exchange.safePath)
          .addKeyValue("route", route)
          .addKeyValue("status_code", status)
          .addKeyValue("duration_ms", millis)
          .addKeyValue("ip_address", exchange.clientIp)
          .addKeyValue("user_agent", exchange.userAgent);
      if (query != null) {
        event = event.addKeyValue("query", Redaction.forLog(query));
      }
      // One finished string rather than a pattern and four arguments: no argument array, no
      // boxing, and nothing left for the encoder to format.
      event.log(exchange.method + ' ' + route + ' ' + status + ' ' + millis + "ms");
    }
  }

  /** Builds a {@link RequestObservabilityFilter}. */
  public static final class Builder {
    private Observability observability;
    private String requestIdHeader = DEFAULT_REQUEST_ID_HEADER;
    private final List<String> routes = new ArrayList<>();
    private final List<String> skipPaths = new ArrayList<>(List.of("/health", "/metrics"));
    private final List<String> trustedProxies = new ArrayList<>();
    private int maxRoutes = 200;
    private UserIdResolver userIdResolver = UserIdResolver.principal();

    private Builder() {}

    /**
     * Uses {@code observability} instead of {@link Observability#global()}.
     *
     * @param observability the instance
     * @return this builder
     */
    public Builder observability(Observability observability) {
      this.observability = Objects.requireNonNull(observability, "observability");
      return this;
    }

    /**
     * Sets the request ID header (default {@value #DEFAULT_REQUEST_ID_HEADER}).
     *
     * @param header the header name
     * @return this builder
     */
    public Builder requestIdHeader(String header) {
      Objects.requireNonNull(header, "header");
      if (header.isBlank()) {
        throw new IllegalArgumentException("request ID header must not be blank");
      }
      this.requestIdHeader = header;
      return this;
    }

    /**
     * Registers route templates such as {@code /api/tasks/{id}}; a final {@code **} matches the
     * rest of the path. Templates are tried in order and win over servlet mappings.
     *
     * @param templates the templates, relative to the context path
     * @return this builder
     */
    public Builder routes(String... templates) {
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
    public Builder skipPaths(String... paths) {
      skipPaths.clear();
      for (String path : paths) {
        Objects.requireNonNull(path, "path");
        skipPaths.add(path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path);
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
    public Builder trustedProxies(String... cidrs) {
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
    public Builder maxRoutes(int maxRoutes) {
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
    public Builder userIdResolver(UserIdResolver resolver) {
      this.userIdResolver = Objects.requireNonNull(resolver, "resolver");
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
  }
}
