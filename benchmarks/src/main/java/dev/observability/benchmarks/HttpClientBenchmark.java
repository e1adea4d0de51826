package dev.observability.benchmarks;

import dev.observability.benchmarks.httpclient.StubHttpClient;
import dev.observability.core.Observability;
import dev.observability.httpclient.ObservedHttpClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.instrumentation.javahttpclient.JavaHttpClientTelemetry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One outbound GET through the JDK's {@code HttpClient}: bare (the floor), wrapped by {@link
 * ObservedHttpClient}, and wrapped by OpenTelemetry's library instrumentation ({@code
 * JavaHttpClientTelemetry}), both with a sampled span exported to a processor that drops it. {@code
 * target=stub} is a client that does no I/O ({@link StubHttpClient}), so nearly all of the time is
 * the wrapper's; {@code target=loopback} calls the JDK's HTTP server in this JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class HttpClientBenchmark {

  @Param({"bare", "observability", "otel-java-http-client"})
  public String client;

  @Param({"stub", "loopback"})
  public String target;

  private Observability observability;
  private com.sun.net.httpserver.HttpServer server;
  private HttpClient http;
  private HttpRequest request;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    HttpClient base;
    URI uri;
    if (target.equals("stub")) {
      base = new StubHttpClient();
      uri = URI.create("http://callee.internal:8080/api/mail?to=7");
    } else {
      // Without it the server's small writes wait for the client's delayed ACK: 40 ms a call.
      System.setProperty("sun.net.httpserver.nodelay", "true");
      server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      byte[] pong = "pong".getBytes(StandardCharsets.US_ASCII);
      server.createContext(
          "/",
          exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, pong.length);
            exchange.getResponseBody().write(pong);
            exchange.close();
          });
      server.start();
      base = HttpClient.newHttpClient();
      uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/mail?to=7");
    }
    observability =
        Observability.builder()
            .registerShutdownHook(false)
            .openTelemetry(Benchmarks.sdkSampled())
            .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
            .build();
    switch (client) {
      case "bare":
        http = base;
        break;
      case "observability":
        http = ObservedHttpClient.wrap(base, observability);
        break;
      case "otel-java-http-client":
        http = JavaHttpClientTelemetry.create(observability.openTelemetry()).newHttpClient(base);
        break;
      default:
        throw new IllegalArgumentException(client);
    }
    request = HttpRequest.newBuilder(uri).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    observability.close();
    if (server != null) {
      server.stop(0);
    }
  }

  @Benchmark
  public int call() throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
