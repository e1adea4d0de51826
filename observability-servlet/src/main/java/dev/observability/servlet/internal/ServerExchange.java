package dev.observability.servlet.internal;

import dev.observability.core.Redactor;
import dev.observability.core.RequestContext;
import dev.observability.core.spi.ContainedFailures;
import dev.observability.core.spi.RequestLifecycle;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One observed request, from the filter's first look at it to its end: what was resolved once at
 * the start (request ID, route candidate, client address, the path and user agent made safe, start
 * time) and the OpenTelemetry and request contexts, which {@link #open()} binds together.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class ServerExchange {

  /** The request attribute holding the exchange of an observed request. */
  private static final String ATTRIBUTE = ServerExchange.class.getName();

  final HttpServletRequest request;
  final HttpServletResponse response;
  final RequestLifecycle lifecycle;
  final String method;
  final RouteResolver.Candidate route;
  final boolean skipped;
  final String clientIp;
  private final Redactor redactor;

  /** Redacted once, for the span and the access log; {@code null} when skipped. */
  final @Nullable String safePath;

  final @Nullable String userAgent;

  /** The query string with its secrets masked, once, for the span and the access log. */
  final @Nullable String safeQuery;

  Span span = Span.getInvalid();
  Context otelContext = Context.root();
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile @Nullable Throwable failure;
  private volatile int answeredStatus;
  private volatile boolean timedOut;

  ServerExchange(
      HttpServletRequest request,
      HttpServletResponse response,
      RequestLifecycle lifecycle,
      String method,
      RouteResolver.Candidate route,
      boolean skipped,
      String clientIp,
      Redactor redactor,
      @Nullable String safePath,
      @Nullable String userAgent,
      @Nullable String safeQuery) {
    this.request = request;
    this.response = response;
    this.lifecycle = lifecycle;
    this.method = method;
    this.route = route;
    this.skipped = skipped;
    this.clientIp = clientIp;
    this.redactor = redactor;
    this.safePath = safePath;
    this.userAgent = userAgent;
    this.safeQuery = safeQuery;
  }

  /**
   * Returns the exchange of a request the filter observes.
   *
   * @param request any request
   * @return its exchange, or {@code null} when the filter did not observe it
   */
  public static @Nullable ServerExchange of(ServletRequest request) {
    Object exchange = request.getAttribute(ATTRIBUTE);
    return exchange instanceof ServerExchange ? (ServerExchange) exchange : null;
  }

  /** Makes this exchange the one {@link #of} finds, for later dispatches and error answers. */
  void attach() {
    request.setAttribute(ATTRIBUTE, this);
  }

  /**
   * Returns the redactor of the instance observing this request.
   *
   * @return the redactor
   */
  public Redactor redactor() {
    return redactor;
  }

  /**
   * Binds the request's OpenTelemetry context and its {@link RequestContext} to the calling thread.
   *
   * @return the scope that unbinds both, in reverse order
   */
  public Scope open() {
    io.opentelemetry.context.Scope otel;
    try {
      otel = otelContext.makeCurrent();
    } catch (RuntimeException e) {
      // A context storage that throws must not fail the request; logs keep the request's IDs.
      ContainedFailures.report("servlet-tracing", e);
      otel = io.opentelemetry.context.Scope.noop();
    }
    io.opentelemetry.context.Scope current = otel;
    RequestContext.Scope request = lifecycle.makeCurrent();
    return () -> {
      request.close();
      try {
        current.close();
      } catch (RuntimeException e) {
        ContainedFailures.report("servlet-tracing", e);
      }
    };
  }

  /**
   * Returns the request ID.
   *
   * @return the ID, as echoed to the client
   */
  public String requestId() {
    return lifecycle.context().requestId();
  }

  /** The request context. */
  RequestContext context() {
    return lifecycle.context();
  }

  /** When the request started, in {@link System#nanoTime()} units: the context's one clock. */
  long startNanos() {
    return lifecycle.context().startNanos();
  }

  /**
   * Records what escaped the application.
   *
   * @param thrown the exception
   */
  public void failed(Throwable thrown) {
    failure = thrown;
  }

  /**
   * Returns what escaped the application.
   *
   * @return the exception, or {@code null}
   */
  public @Nullable Throwable failure() {
    return failure;
  }

  /**
   * Records that the filter answered the failure itself, with this status.
   *
   * @param status the status the client gets
   */
  public void answered(int status) {
    answeredStatus = status;
  }

  /** The status of the filter's own answer to a failure, 0 when it gave none. */
  int answeredStatus() {
    return answeredStatus;
  }

  void timedOut() {
    timedOut = true;
  }

  boolean isTimedOut() {
    return timedOut;
  }

  /** True exactly once: for the caller that finishes the request. */
  boolean markFinished() {
    return finished.compareAndSet(false, true);
  }

  /** The binding of both contexts; closing never throws. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
