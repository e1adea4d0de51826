package dev.observability.servlet.internal;

import dev.observability.core.Redactor;
import dev.observability.core.spi.SpanExceptions;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.semconv.ClientAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.opentelemetry.semconv.UserAgentAttributes;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The SERVER span of a request: continues an incoming W3C {@code traceparent} (with {@code
 * tracestate} and baggage), carries the semantic-convention attributes, is named {@code METHOD
 * route} once the route is known, and records the exception that escaped the application.
 *
 * <p>Internal; not for public use, may change at any time.
 */
final class HttpServerTracing {

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final Redactor redactor;

  HttpServerTracing(Tracer tracer, TextMapPropagator propagator, Redactor redactor) {
    this.tracer = tracer;
    this.propagator = propagator;
    this.redactor = redactor;
  }

  /** Extracts the caller's context and, unless the request is skipped, starts the span in it. */
  void start(ServerExchange exchange) {
    HttpServletRequest request = exchange.request;
    Context parent = propagator.extract(Context.root(), request, HeaderGetter.INSTANCE);
    if (!exchange.skipped) {
      SpanBuilder builder =
          tracer
              .spanBuilder(exchange.method)
              .setParent(parent)
              .setSpanKind(SpanKind.SERVER)
              .setAttribute(HttpAttributes.HTTP_REQUEST_METHOD, exchange.method)
              .setAttribute(UrlAttributes.URL_PATH, exchange.safePath)
              .setAttribute(UrlAttributes.URL_SCHEME, request.getScheme())
              .setAttribute(ServerAttributes.SERVER_ADDRESS, request.getServerName())
              .setAttribute(ServerAttributes.SERVER_PORT, (long) request.getServerPort())
              .setAttribute(ClientAttributes.CLIENT_ADDRESS, exchange.clientIp)
              .setAttribute(
                  NetworkAttributes.NETWORK_PROTOCOL_VERSION,
                  protocolVersion(request.getProtocol()));
      if (exchange.safeQuery != null) {
        builder.setAttribute(UrlAttributes.URL_QUERY, exchange.safeQuery);
      }
      if (exchange.userAgent != null) {
        builder.setAttribute(UserAgentAttributes.USER_AGENT_ORIGINAL, exchange.userAgent);
      }
      exchange.span = builder.startSpan();
    }
    exchange.otelContext = parent.with(exchange.span);
  }

  void end(ServerExchange exchange, Outcome outcome) {
    Span span = exchange.span;
    span.updateName(exchange.method + " " + outcome.route());
    span.setAttribute(HttpAttributes.HTTP_ROUTE, outcome.route());
    span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) outcome.status());
    if (outcome.failure() != null) {
      SpanExceptions.record(span, outcome.failure(), redactor);
    }
    if (outcome.isError()) {
      span.setAttribute(ErrorAttributes.ERROR_TYPE, outcome.errorType());
      span.setStatus(StatusCode.ERROR);
    }
    span.end();
  }

  static String protocolVersion(@Nullable String protocol) {
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
        int slash = protocol.indexOf('/');
        return slash < 0 ? protocol : protocol.substring(slash + 1);
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
    public @Nullable String get(@Nullable HttpServletRequest carrier, String key) {
      return carrier == null ? null : carrier.getHeader(key);
    }
  }
}
