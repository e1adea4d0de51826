package dev.observability.core;

import dev.observability.core.internal.RequestContexts;
import dev.observability.core.spi.RequestLifecycle;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * What the library knows about the request being served: its ID, the user once known, its route and
 * when it started. Server integrations (the servlet filter, the management server, your own through
 * {@link RequestLifecycle}) create it and end it; application code reads it.
 *
 * <p>A context is bound to the current thread by {@link #makeCurrent()}, which also sets the SLF4J
 * MDC keys {@value #MDC_REQUEST_ID}, {@value #MDC_USER_ID}, {@value #MDC_TRACE_ID}, {@value
 * #MDC_SPAN_ID} and {@value #MDC_TRACE_FLAGS}. Closing the returned scope restores the thread's
 * previous context and MDC values exactly, also when the code inside threw:
 *
 * <pre>{@code
 * RequestContext context = RequestContext.current();   // null outside a request
 * if (context != null) {
 *   context.setUserId(user.id());                       // from here on, log lines carry user_id
 * }
 * }</pre>
 *
 * <p>To carry a context into another thread, use {@link ContextPropagation}. A context is safe to
 * read from several threads; {@link #setUserId(String)} may be called from any of them.
 */
public final class RequestContext {

  /** MDC key holding the request ID. */
  public static final String MDC_REQUEST_ID = "request_id";

  /** MDC key holding the user ID, when known. */
  public static final String MDC_USER_ID = "user_id";

  /** MDC key holding the W3C trace ID of the current span, when one is recording. */
  public static final String MDC_TRACE_ID = "trace_id";

  /** MDC key holding the span ID of the current span, when one is recording. */
  public static final String MDC_SPAN_ID = "span_id";

  /**
   * MDC key holding the W3C trace flags of the current span, two hex digits: the low bit is set
   * when the span is sampled (the trace reaches the backend), so {@code 01} or {@code 03} (with the
   * random-trace-ID bit of W3C Trace Context level 2) mean sampled, {@code 00} or {@code 02} not.
   */
  public static final String MDC_TRACE_FLAGS = "trace_flags";

  private static final ThreadLocal<@Nullable RequestContext> CURRENT = new ThreadLocal<>();

  static {
    RequestContexts.install(
        new RequestContexts.Bridge() {
          @Override
          public RequestContext create(String requestId, RequestLifecycle lifecycle) {
            return new RequestContext(requestId, lifecycle);
          }

          @Override
          public RequestLifecycle lifecycle(RequestContext context) {
            return context.lifecycle;
          }

          @Override
          public void setRoute(RequestContext context, String route) {
            context.route = route;
          }
        });
  }

  private final String requestId;
  private final RequestLifecycle lifecycle;
  private final long startNanos;
  private final long startEpochMillis;
  private volatile @Nullable String userId;
  private volatile @Nullable String route;

  private RequestContext(String requestId, RequestLifecycle lifecycle) {
    this.requestId = requestId;
    this.lifecycle = lifecycle;
    this.startNanos = System.nanoTime();
    this.startEpochMillis = System.currentTimeMillis();
  }

  /**
   * Returns the context bound to the calling thread.
   *
   * @return the current context, or {@code null} when the thread serves no request
   */
  public static @Nullable RequestContext current() {
    return CURRENT.get();
  }

  /**
   * Copies the trace and span ID of the current OpenTelemetry span into the MDC. Call it after
   * making a span current inside an already open request scope; the scope's close restores the
   * previous values.
   */
  public static void refreshTraceIds() {
    putTraceIds(Span.current().getSpanContext());
  }

  /**
   * Returns the request ID.
   *
   * @return the request ID, never {@code null}
   */
  public String requestId() {
    return requestId;
  }

  /**
   * Returns the user ID, once known.
   *
   * @return the user ID, or {@code null}
   */
  public @Nullable String userId() {
    return userId;
  }

  /**
   * Sets the user ID. If this context is current on the calling thread the MDC is updated too.
   *
   * @param userId the user ID, or {@code null} to clear it
   */
  public void setUserId(@Nullable String userId) {
    this.userId = userId;
    if (CURRENT.get() == this) {
      putOrRemove(MDC_USER_ID, userId);
    }
  }

  /**
   * Returns the request's route template, such as {@code /api/tasks/{id}}, once the server
   * integration knows it.
   *
   * @return the route, or {@code null}
   */
  public @Nullable String route() {
    return route;
  }

  /**
   * Returns the {@link System#nanoTime()} reading taken when the request started.
   *
   * @return the start, in the units of {@link System#nanoTime()}
   */
  public long startNanos() {
    return startNanos;
  }

  /**
   * Returns the wall-clock time at which the request started.
   *
   * @return the start time
   */
  public Instant startTime() {
    return Instant.ofEpochMilli(startEpochMillis);
  }

  /**
   * Binds this context to the calling thread and sets the MDC keys.
   *
   * @return a scope to close in the same thread; closing restores the previous state
   */
  public Scope makeCurrent() {
    return bind(this);
  }

  /**
   * Binds {@code context} (which may be {@code null}, meaning "no request") to the calling thread.
   * With {@code null}, the MDC keys of this class are removed for the duration of the scope, so a
   * pooled thread never shows values of an earlier task.
   */
  static Scope bind(@Nullable RequestContext context) {
    RequestContext previousContext = CURRENT.get();
    String previousRequestId = MDC.get(MDC_REQUEST_ID);
    String previousUserId = MDC.get(MDC_USER_ID);
    String previousTraceId = MDC.get(MDC_TRACE_ID);
    String previousSpanId = MDC.get(MDC_SPAN_ID);
    String previousTraceFlags = MDC.get(MDC_TRACE_FLAGS);
    CURRENT.set(context);
    if (context == null) {
      MDC.remove(MDC_REQUEST_ID);
      MDC.remove(MDC_USER_ID);
    } else {
      MDC.put(MDC_REQUEST_ID, context.requestId);
      String userId = context.userId;
      if (userId != null || previousUserId != null) { // most requests start with neither
        putOrRemove(MDC_USER_ID, userId);
      }
    }
    putTraceIds(Span.current().getSpanContext());
    return new BoundScope(
        previousContext,
        previousRequestId,
        previousUserId,
        previousTraceId,
        previousSpanId,
        previousTraceFlags);
  }

  private static void putTraceIds(SpanContext spanContext) {
    if (spanContext.isValid()) {
      MDC.put(MDC_TRACE_ID, spanContext.getTraceId());
      MDC.put(MDC_SPAN_ID, spanContext.getSpanId());
      MDC.put(MDC_TRACE_FLAGS, spanContext.getTraceFlags().asHex());
    } else {
      MDC.remove(MDC_TRACE_ID);
      MDC.remove(MDC_SPAN_ID);
      MDC.remove(MDC_TRACE_FLAGS);
    }
  }

  private static void putOrRemove(String key, @Nullable String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  @Override
  public String toString() {
    return "RequestContext{requestId=" + requestId + '}';
  }

  /** A binding of a context to a thread; close it in the thread that opened it. */
  public interface Scope extends AutoCloseable {
    /** Restores the thread's previous context and MDC values. Never throws. */
    @Override
    void close();
  }

  private static final class BoundScope implements Scope {
    private final RequestContext previousContext;
    private final String previousRequestId;
    private final String previousUserId;
    private final String previousTraceId;
    private final String previousSpanId;
    private final String previousTraceFlags;
    private boolean closed;

    BoundScope(
        RequestContext previousContext,
        String previousRequestId,
        String previousUserId,
        String previousTraceId,
        String previousSpanId,
        String previousTraceFlags) {
      this.previousContext = previousContext;
      this.previousRequestId = previousRequestId;
      this.previousUserId = previousUserId;
      this.previousTraceId = previousTraceId;
      this.previousSpanId = previousSpanId;
      this.previousTraceFlags = previousTraceFlags;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      // set(null) rather than remove(): the entry is reused by the thread's next request.
      CURRENT.set(previousContext);
      putOrRemove(MDC_REQUEST_ID, previousRequestId);
      putOrRemove(MDC_USER_ID, previousUserId);
      putOrRemove(MDC_TRACE_ID, previousTraceId);
      putOrRemove(MDC_SPAN_ID, previousSpanId);
      putOrRemove(MDC_TRACE_FLAGS, previousTraceFlags);
    }
  }
}
