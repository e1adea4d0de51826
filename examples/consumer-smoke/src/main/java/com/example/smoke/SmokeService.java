package com.example.smoke;

import dev.observability.core.Observability;
import dev.observability.core.Redaction;
import dev.observability.health.HealthChecks;
import dev.observability.health.HealthRegistry;
import dev.observability.health.HealthServlet;
import dev.observability.jdbc.ObservableDataSource;
import dev.observability.servlet.PrometheusScrapeServlet;
import dev.observability.servlet.RequestObservabilityFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.h2.jdbcx.JdbcDataSource;

/** A small service built only on the published API of every module. */
public final class SmokeService implements AutoCloseable {

  private final Observability observability;
  private final HealthRegistry health;
  private final Server server;
  private final int port;

  public SmokeService() throws Exception {
    observability = Observability.builder().serviceName("consumer-smoke").registerShutdownHook(false).build();
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:smoke;DB_CLOSE_DELAY=-1");
    DataSource dataSource = ObservableDataSource.builder(h2).observability(observability).build();
    health = HealthRegistry.builder().observability(observability)
        .add(HealthChecks.dataSource("database", dataSource)).build();

    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addFilter(new FilterHolder(RequestObservabilityFilter.builder().observability(observability).build()),
        "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT 40 + 2")) {
          rs.next();
          response.getWriter().write(Redaction.redact("answer " + rs.getInt(1) + " for jane@example.com"));
        } catch (SQLException e) {
          throw new IOException(e);
        }
      }
    }), "/answer");
    context.addServlet(new ServletHolder(new HealthServlet(health)), "/health/*");
    context.addServlet(new ServletHolder(new PrometheusScrapeServlet(observability.meterRegistry())), "/metrics");
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
  }

  public int port() {
    return port;
  }

  public Observability observability() {
    return observability;
  }

  @Override
  public void close() throws Exception {
    server.stop();
    health.close();
    observability.close();
  }
}
