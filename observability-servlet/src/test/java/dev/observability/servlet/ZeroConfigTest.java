package dev.observability.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.core.Observability;
import dev.observability.testing.LogCapture;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ZeroConfigTest {

  private Server server;
  private Observability observability;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (observability != null) {
      observability.close();
    }
  }

  @Test
  void initializerIsListedForServiceLoading() {
    assertThat(
            ServiceLoader.load(ServletContainerInitializer.class).stream()
                .map(p -> p.type().getName())
                .collect(Collectors.toList()))
        .contains(ObservabilityServletContainerInitializer.class.getName());
  }

  @Test
  void jettyRunsTheInitializerAndTheApplicationGetsSignalsWithoutCode() throws Exception {
    observability = Observability.builder().registerShutdownHook(false).install();
    int port = start(null);
    try (LogCapture access = LogCapture.of(RequestObservabilityFilter.ACCESS_LOGGER)) {
      HttpResponse<String> response = get(port, "/hello/7");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Request-ID")).isPresent();
      TestServer.await(() -> !access.events().isEmpty());
      assertThat(access.events()).hasSize(1);
      HttpResponse<String> metrics = get(port, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("http_server_request_duration_seconds_count{");
    }
  }

  @Test
  void contextParameterTurnsItOff() throws Exception {
    observability = Observability.builder().registerShutdownHook(false).install();
    int port = start("false");
    HttpResponse<String> response = get(port, "/hello/7");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Request-ID")).isEmpty();
    assertThat(get(port, "/metrics").statusCode()).isEqualTo(404);
  }

  private int start(String enabled) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    if (enabled != null) {
      context.setInitParameter(ObservabilityServletContainerInitializer.ENABLED, enabled);
    }
    context.addServlet(
        new ServletHolder(
            new HttpServlet() {
              @Override
              protected void doGet(HttpServletRequest req, HttpServletResponse resp)
                  throws java.io.IOException {
                resp.getWriter().write("hello");
              }
            }),
        "/hello/*");
    // The container runs the initializer, as it does for every one found on the class path.
    context.addServletContainerInitializer(new ObservabilityServletContainerInitializer());
    server.setHandler(context);
    server.start();
    return connector.getLocalPort();
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
