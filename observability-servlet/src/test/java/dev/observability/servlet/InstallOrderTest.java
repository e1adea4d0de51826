package dev.observability.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.core.Observability;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The container creates the filter before the application installs its instance. */
class InstallOrderTest {

  @Test
  void aFilterMadeBeforeInstallReportsToTheInstalledInstance() throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new TestServer.Tasks()), "/api/tasks/*");
    context.addServletContainerInitializer(new ObservabilityServletContainerInitializer());
    server.setHandler(context);
    server.start();
    SimpleMeterRegistry installedMeters = new SimpleMeterRegistry();
    Observability installed = null;
    try {
      HttpClient client = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/api/tasks/1");
      // A first request before install(): served with the instance made from the environment.
      client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      installed =
          Observability.builder()
              .registerShutdownHook(false)
              .set("observability.metrics.jvm.enabled", "false")
              .meterRegistry(installedMeters)
              .install();
      HttpResponse<String> response =
          client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(
              installedMeters
                  .get(RequestObservabilityFilter.METRIC_REQUEST_DURATION)
                  .tag("http.response.status_code", "200")
                  .timer()
                  .count())
          .isEqualTo(1);
    } finally {
      server.stop();
      if (installed != null) {
        installed.close();
      }
    }
  }
}
