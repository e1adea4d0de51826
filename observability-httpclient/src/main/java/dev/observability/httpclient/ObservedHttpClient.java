package dev.observability.httpclient;

import dev.observability.core.Observability;
import dev.observability.core.spi.ContainedFailures;
import dev.observability.httpclient.internal.HttpClientObservation;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * The JDK's {@link HttpClient} with every call observed: a CLIENT span per call (child of the
 * current span), W3C {@code traceparent}, {@code tracestate} and {@code baggage} and the current
 * request's {@code X-Request-ID} sent along, and the histogram {@code http.client.request.duration}
 * (seconds) tagged with the method, {@code server.address}, {@code server.port}, the status code
 * and {@code error.type} — the host and port only, never the path, so the series stay bounded.
 *
 * <pre>{@code
 * HttpClient http = ObservedHttpClient.wrap(HttpClient.newHttpClient(), observability);
 * HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
 * }</pre>
 *
 * <p>{@code send} is timed until the body handler has finished; {@code sendAsync} until its future
 * completes, and the future returned is the client's own, so cancelling it cancels the exchange.
 * The span's {@code url.full} has the user info removed and goes through the redactor (query
 * parameters such as {@code token} or {@code sig} become {@code ***}); a failed call records its
 * exception, redacted, and {@code error.type} (the exception's class, or the status code of a 4xx
 * or 5xx answer). The caller gets the client's response or exception unchanged: a failure of our
 * own is contained and counted, and the request then goes out as it was given. WebSocket builders
 * are the delegate's and are not observed.
 *
 * <p>Configuration getters answer for the wrapped client. On Java 21 and later, {@code shutdown},
 * {@code shutdownNow}, {@code awaitTermination}, {@code isTerminated} and {@code close} reach it
 * too.
 */
public final class ObservedHttpClient extends HttpClient {

  private final HttpClient delegate;
  private final HttpClientObservation observation;

  private ObservedHttpClient(HttpClient delegate, HttpClientObservation observation) {
    this.delegate = delegate;
    this.observation = observation;
  }

  /**
   * Wraps {@code client}; the request ID goes in {@code X-Request-ID}.
   *
   * @param client the client to observe
   * @param observability where the signals go
   * @return the observed client; {@code client} itself when it is observed already
   */
  public static HttpClient wrap(HttpClient client, Observability observability) {
    return wrap(client, observability, HttpClientObservation.DEFAULT_REQUEST_ID_HEADER);
  }

  /**
   * Wraps {@code client}, forwarding the request ID in {@code requestIdHeader}.
   *
   * @param client the client to observe
   * @param observability where the signals go
   * @param requestIdHeader the header that carries the current request ID to the callee
   * @return the observed client; {@code client} itself when it is observed already
   */
  public static HttpClient wrap(
      HttpClient client, Observability observability, String requestIdHeader) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(observability, "observability");
    if (client instanceof ObservedHttpClient) {
      return client;
    }
    return new ObservedHttpClient(
        client, new HttpClientObservation(observability, requestIdHeader));
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    Outgoing outgoing = prepare(request);
    if (outgoing.call == null) {
      return delegate.send(request, handler);
    }
    HttpResponse<T> response;
    try {
      response = delegate.send(outgoing.request, handler);
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      outgoing.call.end(0, e, null);
      throw e;
    }
    end(outgoing.call, response, null);
    return response;
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return sendAsync(request, handler, null);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.@Nullable PushPromiseHandler<T> pushPromiseHandler) {
    Outgoing outgoing = prepare(request);
    if (outgoing.call == null) {
      return delegate.sendAsync(request, handler, pushPromiseHandler);
    }
    HttpClientObservation.Call call = outgoing.call;
    CompletableFuture<HttpResponse<T>> future;
    try {
      future = delegate.sendAsync(outgoing.request, handler, pushPromiseHandler);
    } catch (RuntimeException | Error e) {
      call.end(0, e, null);
      throw e;
    }
    // A side stage, not the returned one: the caller keeps the client's own future (cancelling it
    // cancels the exchange), and nothing we do can complete it differently.
    future.whenComplete((response, failure) -> end(call, response, failure));
    return future;
  }

  private static void end(
      HttpClientObservation.Call call,
      @Nullable HttpResponse<?> response,
      @Nullable Throwable failure) {
    if (response == null) {
      Throwable cause =
          failure instanceof CompletionException && failure.getCause() != null
              ? failure.getCause()
              : failure;
      call.end(0, cause, null);
      return;
    }
    call.end(response.statusCode(), failure, version(response.version()));
  }

  private static @Nullable String version(@Nullable Version version) {
    if (version == null) {
      return null;
    }
    return version == Version.HTTP_2 ? "2" : "1.1";
  }

  /** The request with our headers, and its call; the original and no call if that failed. */
  private Outgoing prepare(HttpRequest request) {
    try {
      // Every header kept; ours replace any of the same name the caller set.
      HttpRequest.Builder copy = HttpRequest.newBuilder(request, (name, value) -> true);
      HttpClientObservation.Call call =
          observation.start(request.method(), request.uri(), copy, BuilderSetter.INSTANCE);
      return call == null ? new Outgoing(request, null) : new Outgoing(copy.build(), call);
    } catch (RuntimeException e) {
      ContainedFailures.report("http-client", e);
      return new Outgoing(request, null);
    }
  }

  private static final class Outgoing {
    final HttpRequest request;
    final HttpClientObservation.@Nullable Call call;

    Outgoing(HttpRequest request, HttpClientObservation.@Nullable Call call) {
      this.request = request;
      this.call = call;
    }
  }

  private enum BuilderSetter implements TextMapSetter<HttpRequest.Builder> {
    INSTANCE;

    @Override
    public void set(HttpRequest.@Nullable Builder carrier, String key, String value) {
      if (carrier != null) {
        carrier.setHeader(key, value);
      }
    }
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }

  @Override
  public WebSocket.Builder newWebSocketBuilder() {
    return delegate.newWebSocketBuilder();
  }

  // The lifecycle methods of Java 21. Declared here without @Override because the baseline is 17;
  // on 21 and later they override HttpClient's do-nothing defaults and reach the wrapped client.

  /** Shuts the wrapped client down (Java 21 and later); does nothing on earlier versions. */
  public void shutdown() {
    Lifecycle.invoke(Lifecycle.SHUTDOWN, delegate);
  }

  /** Shuts the wrapped client down now (Java 21 and later); does nothing on earlier versions. */
  public void shutdownNow() {
    Lifecycle.invoke(Lifecycle.SHUTDOWN_NOW, delegate);
  }

  /**
   * Waits for the wrapped client to terminate (Java 21 and later).
   *
   * @param duration how long to wait
   * @return whether it terminated; {@code true} on earlier versions
   * @throws InterruptedException when interrupted while waiting
   */
  public boolean awaitTermination(Duration duration) throws InterruptedException {
    Objects.requireNonNull(duration, "duration");
    if (Lifecycle.AWAIT_TERMINATION == null) {
      return true;
    }
    try {
      return (boolean) Lifecycle.AWAIT_TERMINATION.invoke(delegate, duration);
    } catch (InterruptedException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Returns whether the wrapped client has terminated (Java 21 and later).
   *
   * @return whether it terminated; {@code false} on earlier versions
   */
  public boolean isTerminated() {
    if (Lifecycle.IS_TERMINATED == null) {
      return false;
    }
    try {
      return (boolean) Lifecycle.IS_TERMINATED.invoke(delegate);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /** Closes the wrapped client (Java 21 and later); does nothing on earlier versions. */
  public void close() {
    Lifecycle.invoke(Lifecycle.CLOSE, delegate);
  }

  @Override
  public String toString() {
    return "ObservedHttpClient[" + delegate + "]";
  }

  private static final class Lifecycle {
    static final @Nullable MethodHandle SHUTDOWN =
        find("shutdown", MethodType.methodType(void.class));
    static final @Nullable MethodHandle SHUTDOWN_NOW =
        find("shutdownNow", MethodType.methodType(void.class));
    static final @Nullable MethodHandle AWAIT_TERMINATION =
        find("awaitTermination", MethodType.methodType(boolean.class, Duration.class));
    static final @Nullable MethodHandle IS_TERMINATED =
        find("isTerminated", MethodType.methodType(boolean.class));
    static final @Nullable MethodHandle CLOSE = find("close", MethodType.methodType(void.class));

    private static @Nullable MethodHandle find(String name, MethodType type) {
      try {
        return MethodHandles.publicLookup().findVirtual(HttpClient.class, name, type);
      } catch (NoSuchMethodException | IllegalAccessException e) {
        return null; // before Java 21
      }
    }

    static void invoke(@Nullable MethodHandle method, HttpClient client) {
      if (method == null) {
        return;
      }
      try {
        method.invoke(client);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
