package dev.observability.core.spi;

import dev.observability.core.RequestContext;
import dev.observability.core.RequestId;
import dev.observability.core.internal.RequestContexts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The life of one request, as a server integration sees it: it starts the request, sets its route
 * once known, lets other modules keep per-request state in slots and run work when it ends, and
 * ends it. Closing the handle ends the request, so a try-with-resources block cannot forget to:
 *
 * <pre>{@code
 * try (RequestLifecycle request = RequestLifecycle.start(exchange.getRequestHeaders().getFirst("X-Request-ID"));
 *     RequestContext.Scope scope = request.makeCurrent()) {
 *   request.setRoute("/orders/{id}");
 *   handle(exchange);              // log lines carry request_id; JDBC counts statements per request
 * }                                // the request ends here: N+1 reports, statements per request
 * }</pre>
 *
 * <p>The application-facing view of the same request is its {@link #context() RequestContext}.
 * Thread-safe: slots and end callbacks may be used from any thread that serves the request.
 */
public final class RequestLifecycle implements AutoCloseable {

  private final RequestContext context;
  private volatile @Nullable ConcurrentHashMap<Key<?>, Object> slots;

  /**
   * Guarded by this; created by the first {@link #onEnd(Runnable)}, since most requests have none.
   */
  private @Nullable List<Runnable> endCallbacks;

  private boolean ended;

  private RequestLifecycle(String requestId) {
    this.context = RequestContexts.bridge().create(requestId, this);
  }

  /**
   * Starts a request; its start time is now.
   *
   * @param requestId the request ID taken from the caller, typically a header; an invalid or
   *     missing one is replaced by a generated one (see {@link RequestId#acceptOrGenerate(String)})
   * @return the new request, not yet bound to any thread
   */
  public static RequestLifecycle start(@Nullable String requestId) {
    return new RequestLifecycle(RequestId.acceptOrGenerate(requestId));
  }

  /**
   * Returns the lifecycle of the request the calling thread serves.
   *
   * @return the lifecycle, or {@code null} when the thread serves no request
   */
  public static @Nullable RequestLifecycle current() {
    RequestContext context = RequestContext.current();
    return context == null ? null : of(context);
  }

  /**
   * Returns the lifecycle of {@code context}.
   *
   * @param context a request's context
   * @return its lifecycle
   */
  public static RequestLifecycle of(RequestContext context) {
    return RequestContexts.bridge().lifecycle(Objects.requireNonNull(context, "context"));
  }

  /**
   * Returns the application-facing context of this request.
   *
   * @return the context
   */
  public RequestContext context() {
    return context;
  }

  /**
   * Binds the request to the calling thread; see {@link RequestContext#makeCurrent()}.
   *
   * @return the scope to close in the same thread
   */
  public RequestContext.Scope makeCurrent() {
    return context.makeCurrent();
  }

  /**
   * Sets the request's route, as {@link RequestContext#route()} reports it.
   *
   * @param boundedRoute a route template of bounded cardinality, such as {@code /api/tasks/{id}};
   *     never a raw path
   */
  public void setRoute(String boundedRoute) {
    RequestContexts.bridge()
        .setRoute(context, Objects.requireNonNull(boundedRoute, "boundedRoute"));
  }

  /**
   * Registers work to run when the request ends, such as recording per-request statistics. Runs at
   * once if the request has already ended.
   *
   * @param callback called once, on the thread that ends the request, with the request's context
   *     current; must not block. A callback that throws is contained.
   */
  public void onEnd(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    synchronized (this) {
      if (!ended) {
        List<Runnable> callbacks = endCallbacks;
        if (callbacks == null) {
          callbacks = new ArrayList<>(2);
          endCallbacks = callbacks;
        }
        callbacks.add(callback);
        return;
      }
    }
    runAll(List.of(callback));
  }

  /**
   * Returns whether the request has ended.
   *
   * @return whether {@link #end()} ran
   */
  public synchronized boolean ended() {
    return ended;
  }

  /**
   * Ends the request and runs the {@linkplain #onEnd(Runnable) end callbacks}. Later calls do
   * nothing. Never throws.
   */
  public void end() {
    List<Runnable> callbacks;
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      callbacks = endCallbacks;
      endCallbacks = null;
    }
    if (callbacks != null) { // the common case is none
      runAll(callbacks);
    }
  }

  /** Ends the request; the same as {@link #end()}. */
  @Override
  public void close() {
    end();
  }

  private void runAll(List<Runnable> callbacks) {
    if (RequestContext.current() == context) {
      runContained(callbacks);
    } else {
      // Ended after its scope closed (as try-with-resources does): their log lines still carry
      // the request's IDs.
      try (RequestContext.Scope scope = context.makeCurrent()) {
        runContained(callbacks);
      }
    }
  }

  private static void runContained(List<Runnable> callbacks) {
    for (Runnable callback : callbacks) {
      try {
        callback.run();
      } catch (RuntimeException e) {
        ContainedFailures.report("request-end-callback", e);
      }
    }
  }

  /**
   * Returns the value in the slot {@code key}, creating it with {@code initial} if absent. Used by
   * modules to keep per-request state, such as a statement counter.
   *
   * @param key the slot
   * @param initial creates the first value; called at most once per request and key
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
  public <T> @Nullable T slot(Key<T> key) {
    ConcurrentHashMap<Key<?>, Object> map = slots;
    return map == null ? null : (T) map.get(key);
  }

  @Override
  public String toString() {
    return "RequestLifecycle{requestId=" + context.requestId() + '}';
  }

  /**
   * Identifies a slot in a {@link RequestLifecycle}. Keys compare by identity; keep one in a static
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
}
