package dev.observability.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.observability.core.Observability;
import dev.observability.core.RequestContext;
import dev.observability.core.spi.ContainedFailures;
import dev.observability.core.spi.PrometheusScrape;
import dev.observability.core.spi.RequestLifecycle;
import dev.observability.health.internal.HealthEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A management port on the JDK's built-in HTTP server (no extra dependency), serving the health
 * endpoints of {@link HealthServlet} and, when the Prometheus registry is present, {@code
 * /metrics}: the same signals for services without a servlet container (batch workers, gRPC or
 * Netty services).
 *
 * <p>The server threads (default 4) never wait for checks: a response is written when its checks
 * answer, so a storm of readiness probes against a hanging check holds no threads and a liveness
 * probe is answered at once. See {@link HealthRegistry} for the timeout and caching guarantees.
 *
 * <pre>{@code
 * ManagementServer management = ManagementServer.builder(health)
 *     .port(9090)
 *     .start();
 * }</pre>
 */
public final class ManagementServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;

  private ManagementServer(Builder builder) throws IOException {
    InetAddress address = builder.host == null ? null : InetAddress.getByName(builder.host);
    // Probes come in storms: a short accept backlog would drop connections, and a dropped SYN is
    // retried only after a second, which a liveness probe cannot afford.
    this.server = HttpServer.create(new InetSocketAddress(address, builder.port), 1_024);
    AtomicInteger threadNumber = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            builder.threads,
            task -> {
              Thread thread = new Thread(task, "management-http-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    HealthEndpoint health =
        new HealthEndpoint(
            builder.registry, builder.showDetails, builder.authorizer, builder.format);
    server.createContext(
        "/health",
        exchange ->
            serve(
                exchange,
                () -> {
                  String sub = exchange.getRequestURI().getPath().substring("/health".length());
                  return health.handle(sub, name -> exchange.getRequestHeaders().getFirst(name));
                }));
    MeterRegistry meters = builder.meterRegistry;
    server.createContext(
        "/metrics",
        exchange ->
            serve(
                exchange,
                () -> {
                  MeterRegistry source =
                      meters != null ? meters : Observability.global().meterRegistry();
                  PrometheusScrape scrape =
                      PrometheusScrape.render(
                          source, exchange.getRequestHeaders().getFirst("Accept"));
                  return CompletableFuture.completedFuture(
                      scrape == null
                          ? new HealthEndpoint.Response(
                              503, "text/plain; charset=utf-8", "no Prometheus registry\n")
                          : new HealthEndpoint.Response(200, scrape.contentType(), scrape.body()));
                }));
    server.start();
  }

  /**
   * Starts building a management server for {@code registry}.
   *
   * @param registry the health checks
   * @return a new builder
   */
  public static Builder builder(HealthRegistry registry) {
    return new Builder(registry);
  }

  /**
   * Returns the port listened on (useful with port 0).
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops the server at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private interface Handler {
    CompletableFuture<HealthEndpoint.Response> handle();
  }

  /**
   * Answers on a server thread that never waits for checks: the response is written when the checks
   * answer (at most their timeout later), by the thread that completes them or, when they answered
   * at once, right here. A few threads therefore serve any number of waiting probes, and a liveness
   * probe never queues behind readiness probes.
   */
  private void serve(HttpExchange exchange, Handler handler) {
    RequestLifecycle request =
        RequestLifecycle.start(exchange.getRequestHeaders().getFirst("X-Request-ID"));
    CompletableFuture<HealthEndpoint.Response> response;
    try (RequestContext.Scope scope = request.makeCurrent()) {
      if (!"GET".equals(exchange.getRequestMethod())
          && !"HEAD".equals(exchange.getRequestMethod())) {
        response =
            CompletableFuture.completedFuture(
                new HealthEndpoint.Response(
                    405, "text/plain; charset=utf-8", "method not allowed\n"));
      } else {
        try {
          response = handler.handle();
        } catch (RuntimeException e) {
          ContainedFailures.report("management-server", e);
          response = CompletableFuture.completedFuture(INTERNAL_ERROR);
        }
      }
    }
    if (response.isDone()) {
      write(exchange, request, response.getNow(INTERNAL_ERROR));
    } else {
      response.whenCompleteAsync(
          (answer, failure) -> write(exchange, request, answer != null ? answer : INTERNAL_ERROR),
          executor);
    }
  }

  private static final HealthEndpoint.Response INTERNAL_ERROR =
      new HealthEndpoint.Response(500, "text/plain; charset=utf-8", "internal error\n");

  private static void write(
      HttpExchange exchange, RequestLifecycle request, HealthEndpoint.Response response) {
    try (request;
        RequestContext.Scope scope = request.makeCurrent()) {
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.getResponseHeaders().set("X-Request-ID", request.context().requestId());
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(response.status(), head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (IOException | RuntimeException e) {
      // The prober hung up; nothing to answer.
    } finally {
      exchange.close();
    }
  }

  /** Builds a {@link ManagementServer}. */
  public static final class Builder {
    private final HealthRegistry registry;
    private String host;
    private int port = 9090;
    private int threads = 4;
    private MeterRegistry meterRegistry;
    private ShowDetails showDetails = ShowDetails.NEVER;
    private HealthAuthorizer authorizer = HealthAuthorizer.nobody();
    private HealthFormat format = HealthFormat.standard();

    private Builder(HealthRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Sets the port (default 9090; 0 picks a free one).
     *
     * @param port the port
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Sets the address to bind (default: all interfaces, as probes come from outside).
     *
     * @param host a host name or address, such as {@code 127.0.0.1}
     * @return this builder
     */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * Sets the number of threads serving requests (default 4).
     *
     * @param threads the number
     * @return this builder
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be positive: " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Sets the registry served at {@code /metrics} (default: {@link Observability#global()}'s).
     *
     * @param meterRegistry the registry
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry meterRegistry) {
      this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
      return this;
    }

    /**
     * Sets who sees details.
     *
     * @param showDetails the policy
     * @param authorizer decides for {@link ShowDetails#WHEN_AUTHORIZED}
     * @return this builder
     */
    public Builder showDetails(ShowDetails showDetails, HealthAuthorizer authorizer) {
      this.showDetails = Objects.requireNonNull(showDetails, "showDetails");
      this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
      return this;
    }

    /**
     * Sets the shape of the health bodies (default {@link HealthFormat#standard()}).
     *
     * @param format the format, such as {@link HealthFormat#flat()}
     * @return this builder
     */
    public Builder format(HealthFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * Starts the server.
     *
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public ManagementServer start() throws IOException {
      return new ManagementServer(this);
    }
  }
}
