package dev.observability.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.core.Observability;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The body shapes applications already parse, on both servers, without writing a servlet. */
class HealthFormatTest {

  private final Observability observability = HealthTesting.observability();
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
    observability.close();
  }

  private HealthRegistry registry(boolean databaseUp) {
    HealthRegistry registry =
        HealthRegistry.builder()
            .observability(observability)
            .add(
                HealthContributor.of(
                    "database",
                    () ->
                        databaseUp
                            ? Health.up()
                            : Health.down("connection_refused", "Connection refused")))
            .add(HealthContributor.of("smtp", Health::up).nonCritical())
            .build();
    resources.add(registry);
    return registry;
  }

  private static final HealthFormat SEED =
      HealthFormat.flat()
          .value("database", "connected", "disconnected")
          .value("smtp", "configured", "unavailable");

  private int serve(String server, HealthRegistry registry, HealthFormat format) throws Exception {
    if (server.equals("management")) {
      ManagementServer management =
          ManagementServer.builder(registry)
              .host("127.0.0.1")
              .port(0)
              .showDetails(ShowDetails.ALWAYS, HealthAuthorizer.nobody())
              .format(format)
              .start();
      resources.add(management);
      return management.port();
    }
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder holder =
        new ServletHolder(
            new HealthServlet(registry, ShowDetails.ALWAYS, HealthAuthorizer.nobody(), format));
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/health/*");
    jetty.setHandler(context);
    jetty.start();
    resources.add(jetty::stop);
    return connector.getLocalPort();
  }

  @ParameterizedTest
  @ValueSource(strings = {"management", "servlet"})
  void theFlatFormatGivesTheSeedShapes(String server) throws Exception {
    int port = serve(server, registry(true), SEED);
    HttpResponse<String> health = HealthTesting.get(port, "/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body())
        .matches(
            "\\{\"status\":\"healthy\",\"timestamp\":\"[0-9T:.Z-]+\",\"version\":\"9.9.9\","
                + "\"database\":\"connected\",\"smtp\":\"configured\",\"errors\":\\[]}");
    HttpResponse<String> ready = HealthTesting.get(port, "/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("{\"status\":\"ready\",\"services\":{\"database\":true}}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"management", "servlet"})
  void aFailingCheckKeepsTheStatusCodeAndNamesTheErrorInTheFlatShape(String server)
      throws Exception {
    int port = serve(server, registry(false), SEED);
    HttpResponse<String> health = HealthTesting.get(port, "/health");
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body())
        .contains(
            "\"status\":\"unhealthy\"",
            "\"database\":\"disconnected\"",
            "\"errors\":[\"Database: Connection refused\"]");
    HttpResponse<String> ready = HealthTesting.get(port, "/health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body())
        .isEqualTo("{\"status\":\"not_ready\",\"services\":{\"database\":false}}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"management", "servlet"})
  void aFormatThatThrowsFallsBackToTheStandardBody(String server) throws Exception {
    int port =
        serve(
            server,
            registry(true),
            (report, endpoint, details) -> {
              throw new IllegalStateException("format bug");
            });
    HttpResponse<String> health = HealthTesting.get(port, "/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).startsWith("{\"status\":\"healthy\"").contains("\"checks\":{");
  }
}
