package dev.observability.httpclient.okhttp;

import dev.observability.core.Observability;
import dev.observability.core.RequestContext;
import dev.observability.core.spi.ContainedFailures;
import dev.observability.httpclient.internal.HttpClientObservation;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.io.IOException;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * OkHttp 5 observed as the JDK client is by {@link
 * dev.observability.httpclient.ObservedHttpClient}: a CLIENT span per call, {@code traceparent},
 * {@code tracestate}, {@code baggage} and {@code X-Request-ID} sent along, and {@code
 * http.client.request.duration} tagged with the method, host, port, status and {@code error.type}.
 *
 * <pre>{@code
 * Call.Factory http = OkHttpObservability.callFactory(new OkHttpClient(), observability);
 * try (Response answer = http.newCall(request).execute()) { ... }
 * }</pre>
 *
 * <p>An application interceptor: one span per call as the application made it, redirects and
 * retries included, timed until the response's headers have arrived (the body is the caller's to
 * read). {@code enqueue} runs interceptors on OkHttp's dispatcher threads, where the caller's
 * context is gone; calls made through {@link #callFactory} carry it there. {@link #interceptor}
 * alone is enough for {@code execute}, which runs on the caller's thread.
 */
public final class OkHttpObservability {

  private OkHttpObservability() {}

  /**
   * Returns a call factory over {@code client} with the interceptor added, whose calls carry the
   * caller's trace context and request ID to the thread that runs them.
   *
   * @param client the client; it is not changed, the factory uses a derived one
   * @param observability where the signals go
   * @return the call factory
   */
  public static Call.Factory callFactory(OkHttpClient client, Observability observability) {
    Objects.requireNonNull(client, "client");
    OkHttpClient observed = client.newBuilder().addInterceptor(interceptor(observability)).build();
    return request -> observed.newCall(withCaller(request));
  }

  /**
   * Returns the interceptor, to add with {@code OkHttpClient.Builder.addInterceptor}; the request
   * ID goes in {@code X-Request-ID}.
   *
   * @param observability where the signals go
   * @return the interceptor
   */
  public static Interceptor interceptor(Observability observability) {
    return interceptor(observability, HttpClientObservation.DEFAULT_REQUEST_ID_HEADER);
  }

  /**
   * Returns the interceptor, forwarding the request ID in {@code requestIdHeader}.
   *
   * @param observability where the signals go
   * @param requestIdHeader the header that carries the current request ID to the callee
   * @return the interceptor
   */
  public static Interceptor interceptor(Observability observability, String requestIdHeader) {
    return new ObservingInterceptor(new HttpClientObservation(observability, requestIdHeader));
  }

  private static Request withCaller(Request request) {
    try {
      RequestContext context = RequestContext.current();
      return request
          .newBuilder()
          .tag(
              Caller.class,
              new Caller(Context.current(), context == null ? null : context.requestId()))
          .build();
    } catch (RuntimeException e) {
      ContainedFailures.report("http-client", e);
      return request;
    }
  }

  /** The context of the thread that made the call. */
  private static final class Caller {
    final Context context;
    final @Nullable String requestId;

    Caller(Context context, @Nullable String requestId) {
      this.context = context;
      this.requestId = requestId;
    }
  }

  private static final class ObservingInterceptor implements Interceptor {
    private final HttpClientObservation observation;

    ObservingInterceptor(HttpClientObservation observation) {
      this.observation = observation;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
      Request request = chain.request();
      Request outgoing = request;
      HttpClientObservation.Call call = null;
      try {
        Request.Builder builder = request.newBuilder();
        Caller caller = request.tag(Caller.class);
        call =
            caller == null
                ? observation.start(
                    request.method(), request.url().uri(), builder, BuilderSetter.INSTANCE)
                : observation.start(
                    caller.context,
                    caller.requestId,
                    request.method(),
                    request.url().uri(),
                    builder,
                    BuilderSetter.INSTANCE);
        if (call != null) {
          outgoing = builder.build();
        }
      } catch (RuntimeException e) {
        ContainedFailures.report("http-client", e);
      }
      if (call == null) {
        return chain.proceed(request);
      }
      Response response;
      try {
        response = chain.proceed(outgoing);
      } catch (IOException | RuntimeException | Error e) {
        call.end(0, e, null);
        throw e;
      }
      call.end(response.code(), null, version(response.protocol()));
      return response;
    }

    private static @Nullable String version(@Nullable Protocol protocol) {
      if (protocol == null) {
        return null;
      }
      switch (protocol) {
        case HTTP_1_0:
          return "1.0";
        case HTTP_1_1:
          return "1.1";
        case HTTP_2:
        case H2_PRIOR_KNOWLEDGE:
          return "2";
        default:
          return null;
      }
    }
  }

  private enum BuilderSetter implements TextMapSetter<Request.Builder> {
    INSTANCE;

    @Override
    public void set(Request.@Nullable Builder carrier, String key, String value) {
      if (carrier != null) {
        carrier.header(key, value);
      }
    }
  }
}
