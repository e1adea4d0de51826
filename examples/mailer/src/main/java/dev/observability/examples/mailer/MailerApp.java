package dev.observability.examples.mailer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.observability.core.Observability;
import dev.observability.health.HealthAuthorizer;
import dev.observability.health.HealthChecks;
import dev.observability.health.HealthRegistry;
import dev.observability.health.HealthServlet;
import dev.observability.health.ShowDetails;
import dev.observability.servlet.ErrorResponses;
import dev.observability.servlet.PrometheusScrapeServlet;
import dev.observability.servlet.RequestObservabilityFilter;
import io.micrometer.core.instrument.Counter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mailer: the second service of the example. {@code POST /api/mail} with {@code {"to": "…",
 * "template": "welcome" | "reminder"}} delivers an e-mail (here: one log line, the address masked
 * by the JSON log set-up) and counts it in {@code mail.delivered}. It runs the same filter as the
 * todo service, so the request ID and the trace the caller sent continue in its access line and
 * spans. Reads {@code PORT} (8081) and the standard {@code OTEL_*} variables.
 */
public final class MailerApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MailerApp.class);
  private static final Set<String> TEMPLATES = Set.of("welcome", "reminder");

  private final Observability observability;
  private final HealthRegistry health;
  private final Server server;

  private MailerApp(int port) throws Exception {
    observability = Observability.builder().serviceName("mailer").install();
    health =
        HealthRegistry.builder()
            .observability(observability)
            .add(HealthChecks.deadlocks())
            .add(HealthChecks.heap(0.98))
            .build();
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    FilterHolder filter =
        new FilterHolder(RequestObservabilityFilter.builder().observability(observability).build());
    filter.setAsyncSupported(true);
    context.addFilter(
        filter,
        "/*",
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
    context.addServlet(new ServletHolder(new MailServlet(observability)), "/api/mail");
    ServletHolder healthHolder =
        new ServletHolder(new HealthServlet(health, ShowDetails.NEVER, HealthAuthorizer.nobody()));
    healthHolder.setAsyncSupported(true);
    context.addServlet(healthHolder, "/health/*");
    context.addServlet(
        new ServletHolder(new PrometheusScrapeServlet(observability.meterRegistry())), "/metrics");
    server.setHandler(context);
    server.setStopAtShutdown(true);
    server.start();
    LOG.atInfo().addKeyValue("port", connector.getLocalPort()).log("mailer started");
  }

  /**
   * Runs the mailer until the JVM is stopped.
   *
   * @param args ignored; configuration comes from the environment
   * @throws Exception if it cannot start
   */
  public static void main(String[] args) throws Exception {
    MailerApp app = new MailerApp(Integer.parseInt(System.getenv().getOrDefault("PORT", "8081")));
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "mailer-shutdown"));
    app.server.join();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("stopping the server failed", e);
    }
    health.close();
    observability.close();
  }

  /** {@code POST /api/mail}. */
  private static final class MailServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final transient Observability observability;

    MailServlet(Observability observability) {
      this.observability = observability;
      for (String template : TEMPLATES) {
        delivered(template); // at zero from the start, so a rate query has a series to read
      }
    }

    private Counter delivered(String template) {
      return Counter.builder("mail.delivered")
          .tag("template", template)
          .description("E-mails the mailer delivered")
          .register(observability.meterRegistry());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      JsonNode body;
      try {
        body = JSON.readTree(request.getInputStream());
      } catch (IOException e) {
        body = null;
      }
      String to = body == null ? null : body.path("to").asText(null);
      String template = body == null ? null : body.path("template").asText(null);
      if (to == null || to.isBlank() || template == null || !TEMPLATES.contains(template)) {
        ErrorResponses.write(
            request,
            response,
            400,
            "validation_failed",
            "to and a known template are required",
            Map.of("templates", TEMPLATES.toString()));
        return;
      }
      LOG.atInfo().addKeyValue("to", to).addKeyValue("template", template).log("mail delivered");
      delivered(template).increment();
      response.setStatus(202);
      response.setContentType("application/json");
      response.getWriter().write("{\"status\":\"delivered\"}");
    }
  }
}
