package dev.observability.servlet;

import dev.observability.core.Observability;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** A real embedded Jetty 12 with our filter and a set of servlets that misbehave on purpose. */
final class TestServer implements AutoCloseable {

  static final Logger APP_LOG = LoggerFactory.getLogger("test.app");

  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final OpenTelemetrySdk sdk;
  final Observability observability;
  final Server server;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final ExecutorService asyncWorkers = Executors.newFixedThreadPool(8);

  /** What the outermost filter saw: MDC on entry, exceptions that came out, MDC after. */
  final Queue<Map<String, String>> mdcOnEntry = new ConcurrentLinkedQueue<>();

  final Queue<Map<String, String>> mdcAfter = new ConcurrentLinkedQueue<>();
  final Queue<Throwable> escaped = new ConcurrentLinkedQueue<>();
  final Queue<Throwable> thrownByServlets = new ConcurrentLinkedQueue<>();
  private final int port;

  TestServer() throws Exception {
    this(b -> b);
  }

  TestServer(UnaryOperator<RequestObservabilityFilterBuilder> configure) throws Exception {
    this(configure, null);
  }

  TestServer(UnaryOperator<RequestObservabilityFilterBuilder> configure, Observability given)
      throws Exception {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    observability =
        given != null
            ? given
            : Observability.builder()
                .registerShutdownHook(false)
                .openTelemetry(sdk)
                .set("observability.metrics.jvm.enabled", "false")
                .build();
    RequestObservabilityFilter filter =
        configure.apply(RequestObservabilityFilter.builder().observability(observability)).build();

    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    EnumSet<DispatcherType> dispatches =
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
    FilterHolder outer = new FilterHolder(new Outer());
    outer.setAsyncSupported(true);
    context.addFilter(outer, "/*", dispatches);
    FilterHolder ours = new FilterHolder(filter);
    ours.setAsyncSupported(true);
    context.addFilter(ours, "/*", dispatches);
    add(context, new Tasks(), "/api/tasks/*");
    add(context, new Failing(), "/fail/*");
    add(context, new Misc(), "/misc/*");
    add(context, new Async(), "/async/*");
    add(context, new Echo(), "/echo/*");
    add(context, new PrometheusScrapeServlet(observability.meterRegistry()), "/metrics");
    add(context, new ErrorPageServlet(), "/error");
    ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
    errors.addErrorPage(ErrorPageErrorHandler.GLOBAL_ERROR_PAGE, "/error");
    context.setErrorHandler(errors);
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
  }

  private static void add(ServletContextHandler context, HttpServlet servlet, String path) {
    ServletHolder holder = new ServletHolder(servlet);
    holder.setAsyncSupported(true);
    context.addServlet(holder, path);
  }

  int port() {
    return port;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  HttpResponse<String> get(String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    server.stop();
    asyncWorkers.shutdownNow();
    observability.close();
    sdk.close();
  }

  private final class Outer implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      boolean top = request.getDispatcherType() == DispatcherType.REQUEST;
      if (top) {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        mdcOnEntry.add(mdc == null ? Map.of() : mdc);
      }
      try {
        chain.doFilter(request, response);
      } catch (IOException | ServletException | RuntimeException | Error e) {
        escaped.add(e);
        throw e;
      } finally {
        if (top) {
          Map<String, String> mdc = MDC.getCopyOfContextMap();
          mdcAfter.add(mdc == null ? Map.of() : mdc);
        }
      }
    }
  }

  static final class Tasks extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      APP_LOG.info("loading task {}", req.getPathInfo());
      resp.setContentType("text/plain");
      resp.getWriter().write("task " + req.getPathInfo());
    }
  }

  final class Failing extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp)
        throws IOException, ServletException {
      String kind = req.getPathInfo();
      Throwable failure =
          switch (kind) {
            case "/runtime" -> new IllegalStateException("db password=hunter2 at db-internal:5432");
            case "/io" -> new IOException("disk on fire");
            case "/servlet" -> new ServletException("servlet broke");
            case "/error" -> new StackOverflowError("deep");
            case "/employee" -> new IllegalArgumentException("no such employee EMP-222222");
            default -> new IllegalArgumentException("unknown");
          };
      thrownByServlets.add(failure);
      if (failure instanceof IOException) {
        throw (IOException) failure;
      }
      if (failure instanceof ServletException) {
        throw (ServletException) failure;
      }
      if (failure instanceof Error) {
        throw (Error) failure;
      }
      throw (RuntimeException) failure;
    }
  }

  static final class Misc extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      switch (req.getPathInfo()) {
        case "/send-error" -> resp.sendError(409, "already exists");
        case "/bad-employee" -> resp.sendError(400, "no such employee EMP-222222");
        case "/send-error-500" -> resp.sendError(500, "db password=hunter2 at db-internal:5432");
        case "/redirect" -> resp.sendRedirect("/api/tasks/1");
        case "/flush" -> {
          resp.setStatus(202);
          resp.getWriter().write("early");
          resp.flushBuffer();
          resp.getWriter().write(" and late");
        }
        case "/large" -> {
          byte[] chunk = new byte[64 * 1024];
          for (int i = 0; i < 2_000; i++) { // 128 MB: the client hangs up long before
            resp.getOutputStream().write(chunk);
          }
        }
        case "/json-error" ->
            ErrorResponses.write(
                req,
                resp,
                422,
                "validation_failed",
                "email jane@example.com is taken",
                Map.of("field", "email"));
        default -> resp.sendError(404);
      }
    }
  }

  final class Async extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      AsyncContext async = req.startAsync();
      async.setTimeout(10_000);
      String mode = req.getPathInfo();
      if ("/dispatch".equals(mode)) {
        asyncWorkers.execute(() -> async.dispatch("/api/tasks/dispatched"));
        return;
      }
      asyncWorkers.execute(
          () -> {
            try {
              Thread.sleep(5);
              HttpServletResponse response = (HttpServletResponse) async.getResponse();
              response.setStatus("/created".equals(mode) ? 201 : 200);
              response.getWriter().write("async " + req.getQueryString());
            } catch (Exception e) {
              thrownByServlets.add(e);
            } finally {
              async.complete();
            }
          });
    }
  }

  static final class Echo extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      APP_LOG.info("echo");
      resp.getWriter().write(String.valueOf(MDC.get("request_id")));
    }
  }

  /** Waits until {@code condition} holds or the time is up. */
  static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }
}
