package dev.observability.core;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * What the library knows about the request being served: its ID, the user once known, when it
 * started, and slots in which other modules keep per-request state (the JDBC module counts
 * statements there).
 *
 * <p>A context is bound to the current thread by {@link #makeCurrent()}, which also sets the SLF4J
 * MDC keys {@value #MDC_REQUEST_ID}, {@value #MDC_USER_ID}, {@value #MDC_TRACE_ID} and {@value
 * #MDC_SPAN_ID}. Closing the returned scope restores the thread's previous context and MDC values
 * exactly, also when the code inside threw:
 *
 * <pre>{@code
 * RequestContext context = RequestContext.create(RequestId.acceptOrGenerate(header));
 * try (RequestContext.Scope scope = context.makeCurrent()) {
 *   log.info("handling order");   // carries request_id, trace_id, span_id
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

  private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();

  private final String requestId;
  private final long startNanos;
  private final long startEpochMillis;
  private volatile String userId;
  private volatile String route;
  private volatile ConcurrentHashMap<Key<?>, Object> slots;
  /** Guarded by this; created by the first {@link #onEnd(Runnable)}, since most requests have none. */
  private List<Runnable> endCallbacks;
  private boolean ended;

  private RequestContext(String requestId) {
    this.requestId = requestId;
    this.startNanos = System.nanoTime();
    this.startEpochMillis = System.currentTimeMillis();
  }

  /**
   * Creates a context for a new request; the start time is now.
   *
   * @param requestId the request ID, typically from {@link RequestId#acceptOrGenerate(String)};
   *     an invalid value is replaced by a generated one
   * @return a new context, not yet bound to any thread
   */
  public static RequestContext create(String requestId) {
    return new RequestContext(RequestId.acceptOrGenerate(requestId));
  }

  /**
   * Returns the context bound to the calling thread.
   *
   * @return the current context, or {@code null} when the thread serves no request
   */
  public static RequestContext current() {
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
  public String userId() {
    return userId;
  }

  /**
   * Sets the user ID. If this context is current on the calling thread the MDC is updated too.
   *
   * @param userId the user ID, or {@code null} to clear it
   */
  public void setUserId(String userId) {
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
  public String route() {
    return route;
  }

  /**
   * Sets the route template; called by the server integration.
   *
   * @param route a bounded route template
   */
  public void setRoute(String route) {
    this.route = route;
  }

  /**
   * Registers work to run when the request ends, such as recording per-request statistics. Runs
   * at once if the request has already ended.
   *
   * @param callback called once, on the thread that ends the request; must not block
   */
  public void onEnd(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    synchronized (this) {
      if (!ended) {
        if (endCallbacks == null) {
          endCallbacks = new ArrayList<>(2);
        }
        endCallbacks.add(callback);
        return;
      }
    }
    runContained(callback);
  }

  /**
   * Marks the request as ended and runs the {@linkplain #onEnd(Runnable) end callbacks}; called
   * once by the server integration when the response is complete. Later calls do nothing.
   */
  public void end() {
    List<Runnable> callbacks;
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      if (endCallbacks == null) {
        return; // the common case: nothing registered
      }
      callbacks = endCallbacks;
      endCallbacks = null;
    }
    for (Runnable callback : callbacks) {
      runContained(callback);
    }
  }

  private static void runContained(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      ContainedFailures.report("request-end-callback", e);
    }
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
   * Returns the value in the slot {@code key}, creating it with {@code initial} if absent. Used by
   * modules to keep per-request state, such as a statement counter.
   *
   * @param key the slot
   * @param initial creates the first value; called at most once per context and key
   * @param <T> the type of the value
   * @return the value in the slot
   */
  @SuppressWarnings("unchecked")
  public <T> T slot(Key<T> key, Supplier<? extends T> initial) {
    Objects.requireNonNull(key, "key");
    ConcurrentHashMap<Key<?>, Object> map = slots;
    if (map == null) {
      synchronized (this) {
        map = slots;
        if (map == null) {
          map = new ConcurrentHashMap<>(4);
          slots = map;
        }
      }
    }
    return (T) map.computeIfAbsent(key, k -> initial.get());
  }

  /**
   * Returns the value in the slot {@code key}.
   *
   * @param key the slot
   * @param <T> the type of the value
   * @return the value, or {@code null} if the slot is empty
   */
  @SuppressWarnings("unchecked")
  public <T> T slot(Key<T> key) {
    ConcurrentHashMap<Key<?>, Object> map = slots;
    return map == null ? null : (T) map.get(key);
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
  static Scope bind(RequestContext context) {
    RequestContext previousContext = CURRENT.get();
    String previousRequestId = MDC.get(MDC_REQUEST_ID);
    String previousUserId = MDC.get(MDC_USER_ID);
    String previousTraceId = MDC.get(MDC_TRACE_ID);
    String previousSpanId = MDC.get(MDC_SPAN_ID);
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
        previousContext, previousRequestId, previousUserId, previousTraceId, previousSpanId);
  }

  private static void putTraceIds(SpanContext spanContext) {
    if (spanContext.isValid()) {
      MDC.put(MDC_TRACE_ID, spanContext.getTraceId());
      MDC.put(MDC_SPAN_ID, spanContext.getSpanId());
    } else {
      MDC.remove(MDC_TRACE_ID);
      MDC.remove(MDC_SPAN_ID);
    }
  }

  private static void putOrRemove(String key, String value) {
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

  /**
   * Identifies a slot in a {@link RequestContext}. Keys compare by identity; keep one in a static
   * field.
   *
   * @param <T> the type of the value held in the slot
   */
  public static final class Key<T> {
    private final String name;

    private Key(String name) {
      this.name = name;
    }

    /**
     * Creates a new key.
     *
     * @param name a name for debugging
     * @param <T> the type of the value held in the slot
     * @return a key distinct from every other key
     */
    public static <T> Key<T> named(String name) {
      return new Key<>(Objects.requireNonNull(name, "name"));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final class BoundScope implements Scope {
    private final RequestContext previousContext;
    private final String previousRequestId;
    private final String previousUserId;
    private final String previousTraceId;
    private final String previousSpanId;
    private boolean closed;

    BoundScope(
        RequestContext previousContext,
        String previousRequestId,
        String previousUserId,
        String previousTraceId,
        String previousSpanId) {
      this.previousContext = previousContext;
      this.previousRequestId = previousRequestId;
      this.previousUserId = previousUserId;
      this.previousTraceId = previousTraceId;
      this.previousSpanId = previousSpanId;
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
    }
  }
}
