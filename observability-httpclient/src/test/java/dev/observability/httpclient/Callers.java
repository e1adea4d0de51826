package dev.observability.httpclient;

import dev.observability.core.Observability;
import dev.observability.httpclient.apache.ApacheHttpClientObservability;
import dev.observability.httpclient.okhttp.OkHttpObservability;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * Every client the module observes, each made the way its users make calls, observed or bare. A
 * caller throws what its client threw (the cause, for the asynchronous ones), so the tests can
 * compare the observed client's failures with the bare one's.
 */
final class Callers {

  private Callers() {}

  record Answer(int status, String body) {}

  interface Caller extends AutoCloseable {
    Answer get(String url, Map<String, String> headers) throws Exception;

    @Override
    default void close() throws Exception {}
  }

  /** Makes a caller; {@code observability} null for the bare client. */
  interface Kind {
    Caller create(@Nullable Observability observability, Duration timeout);
  }

  /**
   * Connect and read timeouts of the callers: far above what a call to the local Jetty takes on a
   * busy machine, so only the timeout test, with its own short one, ever sees a timeout.
   */
  static final Duration PATIENT = Duration.ofSeconds(30);

  /** The timeout of the test that wants one: the callee's {@code /slow} waits 30 s. */
  static final Duration SHORT = Duration.ofSeconds(1);

  static List<Map.Entry<String, Kind>> all() {
    return List.of(
        Map.entry("jdk send", (o, t) -> jdk(o, t, false)),
        Map.entry("jdk sendAsync", (o, t) -> jdk(o, t, true)),
        Map.entry("okhttp execute", (o, t) -> okhttp(o, t, false)),
        Map.entry("okhttp enqueue", (o, t) -> okhttp(o, t, true)),
        Map.entry("apache classic", Callers::apache));
  }

  private static Caller jdk(
      @Nullable Observability observability, Duration timeout, boolean async) {
    HttpClient bare = HttpClient.newBuilder().connectTimeout(timeout).build();
    HttpClient client = observability == null ? bare : ObservedHttpClient.wrap(bare, observability);
    return (url, headers) -> {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
      headers.forEach(request::header);
      HttpResponse<String> response;
      if (async) {
        CompletableFuture<HttpResponse<String>> future =
            client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        response = unwrap(future);
      } else {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      }
      return new Answer(response.statusCode(), response.body());
    };
  }

  private static Caller okhttp(
      @Nullable Observability observability, Duration timeout, boolean async) {
    OkHttpClient bare =
        new OkHttpClient.Builder().connectTimeout(timeout).readTimeout(timeout).build();
    Call.Factory calls;
    if (observability == null) {
      calls = bare;
    } else if (async) {
      calls = OkHttpObservability.callFactory(bare, observability);
    } else {
      calls =
          bare.newBuilder().addInterceptor(OkHttpObservability.interceptor(observability)).build();
    }
    return (url, headers) -> {
      Request.Builder request = new Request.Builder().url(url);
      headers.forEach(request::header);
      Call call = calls.newCall(request.build());
      if (!async) {
        try (Response response = call.execute()) {
          return new Answer(response.code(), response.body().string());
        }
      }
      CompletableFuture<Answer> answer = new CompletableFuture<>();
      call.enqueue(
          new Callback() {
            @Override
            public void onFailure(Call failed, IOException e) {
              answer.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call done, Response response) throws IOException {
              try (response) {
                answer.complete(new Answer(response.code(), response.body().string()));
              }
            }
          });
      return unwrap(answer);
    };
  }

  private static Caller apache(@Nullable Observability observability, Duration timeout) {
    HttpClientBuilder builder =
        HttpClients.custom()
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectionRequestTimeout(Timeout.of(timeout))
                    .setResponseTimeout(Timeout.of(timeout))
                    .build());
    CloseableHttpClient client =
        (observability == null
                ? builder
                : ApacheHttpClientObservability.instrument(builder, observability))
            .build();
    return new Caller() {
      @Override
      public Answer get(String url, Map<String, String> headers) throws Exception {
        HttpGet request = new HttpGet(url);
        headers.forEach(request::setHeader);
        return client.execute(
            request,
            response -> new Answer(response.getCode(), EntityUtils.toString(response.getEntity())));
      }

      @Override
      public void close() throws IOException {
        client.close();
      }
    };
  }

  private static <T> T unwrap(CompletableFuture<T> future) throws Exception {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception) {
        throw (Exception) e.getCause();
      }
      throw e;
    }
  }
}
