package dev.observability.examples.todo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.observability.core.Observability;
import dev.observability.core.ObservabilityConfig;
import dev.observability.core.Observed;
import dev.observability.health.HealthAuthorizer;
import dev.observability.health.HealthChecks;
import dev.observability.health.HealthRegistry;
import dev.observability.health.HealthServlet;
import dev.observability.health.ShowDetails;
import dev.observability.jdbc.DatabaseSizeMetrics;
import dev.observability.jdbc.JdbcSettings;
import dev.observability.jdbc.ObservableDataSource;
import dev.observability.servlet.ErrorPageServlet;
import dev.observability.servlet.PrometheusScrapeServlet;
import dev.observability.servlet.RequestObservabilityFilter;
import dev.observability.servlet.UserIdResolver;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.util.EnumSet;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The todo service: a small REST API on embedded Jetty with every observability module wired in.
 * Start it with {@code java -jar todo-app.jar}; see {@link Settings} for the environment it reads.
 */
public final class TodoApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TodoApp.class);

  private final Observability observability;
  private final HikariDataSource pool;
  private final HealthRegistry health;
  private final Mail mail;
  private final DatabaseSizeMetrics databaseSizes;
  private final Server server;

  private TodoApp(Settings settings) throws Exception {
    boolean on = settings.instrumented();
    this.observability =
        on
            ? Observability.builder()
                .serviceName("todo-app")
                .set(JdbcSettings.SLOW_QUERY_THRESHOLD, settings.slowQuery().toMillis() + "ms")
                .install()
            // The baseline: business counters still count, but nothing else of the library runs.
            : Observability.builder()
                .openTelemetry(io.opentelemetry.api.OpenTelemetry.noop())
                .meterRegistry(new io.micrometer.core.instrument.simple.SimpleMeterRegistry())
                .set(ObservabilityConfig.JVM_METRICS, "false")
                .build();

    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.dbUser());
    config.setPassword(settings.dbPassword());
    config.setPoolName("todo");
    config.setMaximumPoolSize(10);
    config.setConnectionTimeout(2_000); // fail fast when the database is gone
    config.setValidationTimeout(1_000);
    this.pool = new HikariDataSource(config);
    DataSource dataSource =
        on
            ? ObservableDataSource.builder(pool)
                .observability(observability)
                .slowQueryThreshold(settings.slowQuery())
                .build()
            : pool;
    Flyway.configure().dataSource(dataSource).load().migrate();
    // Sizes read in the background, never at scrape time; null when the library is off.
    this.databaseSizes =
        on ? DatabaseSizeMetrics.builder(dataSource).observability(observability).start() : null;

    Users users = new Users(dataSource, new Passwords(settings.pbkdf2Iterations()), observability);
    this.mail = new Mail(observability, settings.mailerUrl(), on);
    // Annotations instead of wrappers: the proxy honours @WithSpan and @Timed on the service.
    TaskService plainTasks = new JdbcTaskService(dataSource, observability);
    TaskService tasks =
        on ? Observed.proxy(observability, TaskService.class, plainTasks) : plainTasks;

    this.health =
        HealthRegistry.builder()
            .observability(observability)
            .add(HealthChecks.dataSource("database", dataSource))
            .add(HealthChecks.diskSpace("disk", Path.of("."), 50L * 1024 * 1024))
            .add(HealthChecks.smtp("mail", settings.smtpHost(), 25, false).nonCritical())
            .add(HealthChecks.deadlocks())
            .add(HealthChecks.heap(0.98))
            .build();

    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(settings.port());
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    if (on) {
      FilterHolder filter =
          new FilterHolder(
              RequestObservabilityFilter.builder()
                  .observability(observability)
                  .routes("/api/tasks/{id}", "/api/tasks/{id}/remind")
                  .userIdResolver(UserIdResolver.attribute(TaskServlet.USER_ATTRIBUTE))
                  .build());
      filter.setAsyncSupported(true);
      context.addFilter(
          filter,
          "/*",
          EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
    }
    context.addServlet(
        new ServletHolder(
            new AuthServlet(
                users,
                mail,
                new LoginRateLimiter(settings.loginAttemptsPerMinute(), observability))),
        "/api/auth/*");
    context.addServlet(new ServletHolder(new TaskServlet(users, tasks, mail)), "/api/tasks/*");
    context.addServlet(new ServletHolder(new TaskServlet(users, tasks, mail)), "/api/tasks");
    ShowDetails details =
        settings.healthToken() == null ? ShowDetails.NEVER : ShowDetails.WHEN_AUTHORIZED;
    HealthAuthorizer authorizer =
        settings.healthToken() == null
            ? HealthAuthorizer.nobody()
            : HealthAuthorizer.bearerToken(settings.healthToken());
    // Async: probes waiting for a slow database hold no server thread, so liveness always answers.
    ServletHolder healthHolder = new ServletHolder(new HealthServlet(health, details, authorizer));
    healthHolder.setAsyncSupported(true);
    context.addServlet(healthHolder, "/health/*");
    if (on) {
      context.addServlet(
          new ServletHolder(new PrometheusScrapeServlet(observability.meterRegistry())),
          "/metrics");
    }
    context.addServlet(new ServletHolder(new ErrorPageServlet()), "/error");
    ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
    errors.addErrorPage(ErrorPageErrorHandler.GLOBAL_ERROR_PAGE, "/error");
    context.setErrorHandler(errors);
    server.setHandler(context);
    server.setStopAtShutdown(true);
    server.start();
    LOG.atInfo()
        .addKeyValue("port", connector.getLocalPort())
        .addKeyValue("database", pool.getJdbcUrl())
        .addKeyValue("mailer", settings.mailerUrl().toString())
        .addKeyValue("instrumentation", on ? "on" : "off")
        .log("todo service started");
  }

  /**
   * Starts the service.
   *
   * @param settings the settings
   * @return the running service
   * @throws Exception if it cannot start
   */
  static TodoApp start(Settings settings) throws Exception {
    return new TodoApp(settings);
  }

  /**
   * Runs the service until the JVM is stopped.
   *
   * @param args ignored; configuration comes from the environment
   * @throws Exception if it cannot start
   */
  public static void main(String[] args) throws Exception {
    TodoApp app = start(Settings.from(System.getenv()));
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "todo-shutdown"));
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
    mail.close();
    if (databaseSizes != null) {
      databaseSizes.close();
    }
    pool.close();
    observability.close();
  }
}
