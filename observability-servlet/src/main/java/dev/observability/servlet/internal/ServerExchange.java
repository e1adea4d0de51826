package dev.observability.servlet.internal;

import dev.observability.core.RequestContext;
import dev.observability.core.spi.RequestLifecycle;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
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

  final HttpServletRequest request;
  final HttpServletResponse response;
  final RequestLifecycle lifecycle;
  final String method;
  final RouteResolver.Candidate route;
  final boolean skipped;
  final String clientIp;

  /** Redacted once, for the span and the access log; {@code null} when skipped. */
  final @Nullable String safePath;

  final @Nullable String userAgent;

  /** The query string with its secrets masked, once, for the span and the access log. */
  final @Nullable String safeQuery;

  Span span = Span.getInvalid();
  Context otelContext = Context.root();
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile @Nullable Throwable failure;
  private volatile boolean timedOut;

  ServerExchange(
      HttpServletRequest request,
      HttpServletResponse response,
      RequestLifecycle lifecycle,
      String method,
      RouteResolver.Candidate route,
      boolean skipped,
      String clientIp,
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
    this.safePath = safePath;
    this.userAgent = userAgent;
    this.safeQuery = safeQuery;
  }

  /**
   * Binds the request's OpenTelemetry context and its {@link RequestContext} to the calling thread.
   *
   * @return the scope that unbinds both, in reverse order
   */
  public Scope open() {
    io.opentelemetry.context.Scope otel = otelContext.makeCurrent();
    RequestContext.Scope request = lifecycle.makeCurrent();
    return () -> {
      request.close();
      otel.close();
    };
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
