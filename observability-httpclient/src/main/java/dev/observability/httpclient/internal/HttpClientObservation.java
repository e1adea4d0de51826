package dev.observability.httpclient.internal;

import dev.observability.core.Observability;
import dev.observability.core.Redactor;
import dev.observability.core.RequestContext;
import dev.observability.core.spi.ContainedFailures;
import dev.observability.core.spi.ErrorTypes;
import dev.observability.core.spi.HttpConventions;
import dev.observability.core.spi.SpanExceptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * What every outbound HTTP integration does for one call, whatever the client: a CLIENT span in the
 * caller's context, {@code traceparent}, {@code tracestate}, {@code baggage} and the request ID
 * written into the outgoing request, and {@code http.client.request.duration} recorded when the
 * call ends. The adapters (JDK client, OkHttp, Apache HttpClient) only read their request and
 * response types.
 *
 * <p>Every step of our own is contained: {@link #start} returns {@code null} when it failed, and
 * the adapter then sends the request as it was; {@link Call#end} never throws.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class HttpClientObservation {

  /** The metric of every outbound call, in seconds. */
  public static final String METRIC_DURATION = "http.client.request.duration";

  /** The request ID header forwarded by default, the one the request filter reads. */
  public static final String DEFAULT_REQUEST_ID_HEADER = "X-Request-ID";

  /**
   * Distinct (method, host, port, status, error) series before new hosts are folded into {@value
   * #OTHER_HOST}: a service that calls URLs it is given (webhooks) must not grow the registry
   * without bound.
   */
  static final int MAX_SERIES = 1000;

  /** The {@code server.address} of calls past {@link #MAX_SERIES}. */
  public static final String OTHER_HOST = "_OTHER";

  private static final Duration[] BUCKETS = HttpConventions.durationBuckets();

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final Redactor redactor;
  private final MeterRegistry registry;
  private final String requestIdHeader;
  private final Map<SeriesKey, Timer> timers = new ConcurrentHashMap<>();

  /**
   * Configures the observation.
   *
   * @param observability where signals go
   * @param requestIdHeader the header the current request ID is forwarded in
   */
  public HttpClientObservation(Observability observability, String requestIdHeader) {
    this.tracer = observability.tracer();
    this.propagator = observability.openTelemetry().getPropagators().getTextMapPropagator();
    this.redactor = observability.redactor();
    this.registry = observability.meterRegistry();
    this.requestIdHeader = Objects.requireNonNull(requestIdHeader, "requestIdHeader");
  }

  /**
   * Starts a call in the current context.
   *
   * @param method the request method
   * @param uri the request URI
   * @param carrier the outgoing request (or its builder), which receives the headers
   * @param setter writes a header into {@code carrier}, replacing one of the same name
   * @param <C> the carrier type
   * @return the call, or {@code null} when our own set-up failed (send the request unobserved)
   */
  public <C> @Nullable Call start(String method, URI uri, C carrier, TextMapSetter<C> setter) {
    RequestContext request = RequestContext.current();
    return start(
        Context.current(),
        request == null ? null : request.requestId(),
        method,
        uri,
        carrier,
        setter);
  }

  /**
   * Starts a call in a context captured earlier, for clients that run the call on another thread
   * than the one that made it.
   *
   * @param parent the caller's context
   * @param requestId the caller's request ID, or {@code null} outside a request
   * @param method the request method
   * @param uri the request URI
   * @param carrier the outgoing request (or its builder), which receives the headers
   * @param setter writes a header into {@code carrier}, replacing one of the same name
   * @param <C> the carrier type
   * @return the call, or {@code null} when our own set-up failed (send the request unobserved)
   */
  public <C> @Nullable Call start(
      Context parent,
      @Nullable String requestId,
      String method,
      URI uri,
      C carrier,
      TextMapSetter<C> setter) {
    try {
      String methodLabel = HttpConventions.method(method);
      String host = uri.getHost() == null ? "" : uri.getHost();
      int port = port(uri);
      Span span =
          tracer
              .spanBuilder(HttpConventions.OTHER_METHOD.equals(methodLabel) ? "HTTP" : methodLabel)
              .setParent(parent)
              .setSpanKind(SpanKind.CLIENT)
              .setAttribute(HttpAttributes.HTTP_REQUEST_METHOD, methodLabel)
              .setAttribute(ServerAttributes.SERVER_ADDRESS, host)
              .setAttribute(ServerAttributes.SERVER_PORT, (long) port)
              .startSpan();
      if (span.isRecording()) { // the URL's redaction only for spans that are kept
        span.setAttribute(UrlAttributes.URL_FULL, redactor.forLog(withoutUserInfo(uri)));
        if (!methodLabel.equals(method)) {
          span.setAttribute(HttpAttributes.HTTP_REQUEST_METHOD_ORIGINAL, method);
        }
      }
      propagator.inject(parent.with(span), carrier, setter);
      if (requestId != null) {
        setter.set(carrier, requestIdHeader, requestId);
      }
      return new Call(span, methodLabel, host, port, System.nanoTime());
    } catch (RuntimeException e) {
      ContainedFailures.report("http-client", e);
      return null;
    }
  }

  static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /** The URL without {@code user:password@}: credentials are never an attribute. */
  static String withoutUserInfo(URI uri) {
    String text = uri.toString();
    if (uri.getRawUserInfo() == null) {
      return text;
    }
    int at = text.indexOf('@');
    int scheme = text.indexOf("://");
    return scheme < 0 || at < scheme
        ? text
        : text.substring(0, scheme + 3) + text.substring(at + 1);
  }

  private Timer timer(SeriesKey key) {
    Timer timer = timers.get(key);
    if (timer != null) {
      return timer;
    }
    if (timers.size() >= MAX_SERIES) {
      key = key.withHost(OTHER_HOST);
      timer = timers.get(key);
      if (timer != null) {
        return timer;
      }
    }
    return timers.computeIfAbsent(key, this::register);
  }

  private Timer register(SeriesKey key) {
    return Timer.builder(METRIC_DURATION)
        .description("Duration of outbound HTTP requests")
        .tags(
            Tags.of(
                HttpAttributes.HTTP_REQUEST_METHOD.getKey(), key.method,
                ServerAttributes.SERVER_ADDRESS.getKey(), key.host,
                ServerAttributes.SERVER_PORT.getKey(), Integer.toString(key.port),
                // Empty without a response: Prometheus reads an empty label as absent, as the
                // semantic conventions want it, and the label set stays the same on every series.
                HttpAttributes.HTTP_RESPONSE_STATUS_CODE.getKey(),
                    key.status > 0 ? Integer.toString(key.status) : "",
                ErrorAttributes.ERROR_TYPE.getKey(), key.errorType))
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  /** One outbound call in flight; ended exactly once by its adapter. */
  public final class Call {
    private final Span span;
    private final String method;
    private final String host;
    private final int port;
    private final long startNanos;

    Call(Span span, String method, String host, int port, long startNanos) {
      this.span = span;
      this.method = method;
      this.host = host;
      this.port = port;
      this.startNanos = startNanos;
    }

    /**
     * Ends the call: the span's status and the metric. Never throws.
     *
     * @param status the response status, or 0 when no response arrived
     * @param failure what the call threw, or {@code null}
     * @param protocolVersion the response's HTTP version ({@code 1.1}, {@code 2}), or {@code null}
     */
    public void end(int status, @Nullable Throwable failure, @Nullable String protocolVersion) {
      long nanos = System.nanoTime() - startNanos;
      String errorType;
      try {
        errorType = ErrorTypes.ofClientResponse(failure, status);
        if (status > 0) {
          span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
        }
        if (protocolVersion != null) {
          span.setAttribute(NetworkAttributes.NETWORK_PROTOCOL_VERSION, protocolVersion);
        }
        if (failure != null) {
          SpanExceptions.record(span, failure, redactor);
        }
        if (!ErrorTypes.NONE.equals(errorType)) {
          span.setAttribute(ErrorAttributes.ERROR_TYPE, errorType);
          span.setStatus(StatusCode.ERROR);
        }
        span.end();
      } catch (RuntimeException e) {
        ContainedFailures.report("http-client", e);
        return;
      }
      try {
        timer(new SeriesKey(method, host, port, status, errorType))
            .record(nanos, TimeUnit.NANOSECONDS);
      } catch (RuntimeException e) {
        ContainedFailures.report("http-client-metrics", e);
      }
    }
  }

  private static final class SeriesKey {
    final String method;
    final String host;
    final int port;
    final int status;
    final String errorType;
    final int hash;

    SeriesKey(String method, String host, int port, int status, String errorType) {
      this.method = method;
      this.host = host;
      this.port = port;
      this.status = status;
      this.errorType = errorType;
      // By hand: Objects.hash would box and allocate an array on every call.
      this.hash =
          (((method.hashCode() * 31 + host.hashCode()) * 31 + port) * 31 + status) * 31
              + errorType.hashCode();
    }

    SeriesKey withHost(String other) {
      return new SeriesKey(method, other, port, status, errorType);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      if (!(o instanceof SeriesKey)) {
        return false;
      }
      SeriesKey k = (SeriesKey) o;
      return port == k.port
          && status == k.status
          && method.equals(k.method)
          && host.equals(k.host)
          && errorType.equals(k.errorType);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
