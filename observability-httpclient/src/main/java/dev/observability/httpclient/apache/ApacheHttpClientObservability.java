package dev.observability.httpclient.apache;

import dev.observability.core.Observability;
import dev.observability.core.spi.ContainedFailures;
import dev.observability.httpclient.internal.HttpClientObservation;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.io.IOException;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.ProtocolVersion;
import org.jspecify.annotations.Nullable;

/**
 * Apache HttpClient 5 (classic) observed as the JDK client is by {@link
 * dev.observability.httpclient.ObservedHttpClient}: a CLIENT span per call, {@code traceparent},
 * {@code tracestate}, {@code baggage} and {@code X-Request-ID} sent along, and {@code
 * http.client.request.duration} tagged with the method, host, port, status and {@code error.type}.
 *
 * <pre>{@code
 * CloseableHttpClient http =
 *     ApacheHttpClientObservability.instrument(HttpClients.custom(), observability).build();
 * }</pre>
 *
 * <p>The handler is the first of the execution chain: one span per call as the application made it,
 * redirects and retries included, timed until the response's headers have arrived (the body is the
 * caller's to read).
 */
public final class ApacheHttpClientObservability {

  /** The handler's name in the execution chain. */
  public static final String HANDLER_NAME = "observability";

  private ApacheHttpClientObservability() {}

  /**
   * Adds the observing handler first in {@code builder}'s execution chain; the request ID goes in
   * {@code X-Request-ID}.
   *
   * @param builder the client builder
   * @param observability where the signals go
   * @return {@code builder}
   */
  public static HttpClientBuilder instrument(
      HttpClientBuilder builder, Observability observability) {
    return builder.addExecInterceptorFirst(HANDLER_NAME, handler(observability));
  }

  /**
   * Returns the observing handler, for builders assembled another way; the request ID goes in
   * {@code X-Request-ID}.
   *
   * @param observability where the signals go
   * @return the handler
   */
  public static ExecChainHandler handler(Observability observability) {
    return handler(observability, HttpClientObservation.DEFAULT_REQUEST_ID_HEADER);
  }

  /**
   * Returns the observing handler, forwarding the request ID in {@code requestIdHeader}.
   *
   * @param observability where the signals go
   * @param requestIdHeader the header that carries the current request ID to the callee
   * @return the handler
   */
  public static ExecChainHandler handler(Observability observability, String requestIdHeader) {
    return new ObservingHandler(new HttpClientObservation(observability, requestIdHeader));
  }

  private static final class ObservingHandler implements ExecChainHandler {
    private final HttpClientObservation observation;

    ObservingHandler(HttpClientObservation observation) {
      this.observation = observation;
    }

    @Override
    public ClassicHttpResponse execute(
        ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
        throws IOException, HttpException {
      HttpClientObservation.Call call = null;
      try {
        call =
            observation.start(
                request.getMethod(), request.getUri(), request, RequestSetter.INSTANCE);
      } catch (java.net.URISyntaxException | RuntimeException e) {
        ContainedFailures.report("http-client", e);
      }
      if (call == null) {
        return chain.proceed(request, scope);
      }
      ClassicHttpResponse response;
      try {
        response = chain.proceed(request, scope);
      } catch (IOException | HttpException | RuntimeException | Error e) {
        call.end(0, e, null);
        throw e;
      }
      call.end(response.getCode(), null, version(response.getVersion()));
      return response;
    }

    private static @Nullable String version(@Nullable ProtocolVersion version) {
      if (version == null) {
        return null;
      }
      return version.getMajor() >= 2
          ? Integer.toString(version.getMajor())
          : version.getMajor() + "." + version.getMinor();
    }
  }

  private enum RequestSetter implements TextMapSetter<ClassicHttpRequest> {
    INSTANCE;

    @Override
    public void set(@Nullable ClassicHttpRequest carrier, String key, String value) {
      if (carrier != null) {
        carrier.setHeader(key, value);
      }
    }
  }
}
