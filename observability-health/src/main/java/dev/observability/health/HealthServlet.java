package dev.observability.health;

import dev.observability.health.internal.HealthEndpoint;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Serves the health endpoints in a servlet container. Map it to {@code /health/*}:
 *
 * <ul>
 *   <li>{@code GET /health}: every check; 200 when healthy or degraded, 503 when unhealthy;
 *   <li>{@code GET /health/live}: the {@value HealthContributor#LIVENESS} group (the process only);
 *   <li>{@code GET /health/ready}: the {@value HealthContributor#READINESS} group;
 *   <li>{@code GET /health/status}: a self-refreshing HTML page of every check.
 * </ul>
 *
 * <p>Bodies follow {@link HealthReport}, or the {@link HealthFormat} given; responses carry {@code
 * Cache-Control: no-store}. Details (messages, host names) are hidden unless {@link ShowDetails}
 * allows them. Register the servlet (and the filters before it) with async support: it then holds
 * no container thread while checks run, so a storm of readiness probes against a hanging check
 * cannot take the threads liveness probes need. Without async support it answers on the calling
 * thread, still within the registry's timeout.
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(new HealthServlet(health, ShowDetails.WHEN_AUTHORIZED,
 *     HealthAuthorizer.bearerToken(System.getenv("HEALTH_TOKEN")))), "/health/*");
 * }</pre>
 */
public final class HealthServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient HealthEndpoint endpoint;

  /**
   * Creates a servlet that never shows details.
   *
   * @param registry the checks
   */
  public HealthServlet(HealthRegistry registry) {
    this(registry, ShowDetails.NEVER, HealthAuthorizer.nobody());
  }

  /**
   * Creates a servlet.
   *
   * @param registry the checks
   * @param showDetails who sees details
   * @param authorizer decides for {@link ShowDetails#WHEN_AUTHORIZED}
   */
  public HealthServlet(
      HealthRegistry registry, ShowDetails showDetails, HealthAuthorizer authorizer) {
    this(registry, showDetails, authorizer, HealthFormat.standard());
  }

  /**
   * Creates a servlet whose bodies have another shape.
   *
   * @param registry the checks
   * @param showDetails who sees details
   * @param authorizer decides for {@link ShowDetails#WHEN_AUTHORIZED}
   * @param format the shape of the JSON bodies, such as {@link HealthFormat#flat()}
   */
  public HealthServlet(
      HealthRegistry registry,
      ShowDetails showDetails,
      HealthAuthorizer authorizer,
      HealthFormat format) {
    this.endpoint =
        new HealthEndpoint(
            Objects.requireNonNull(registry, "registry"),
            Objects.requireNonNull(showDetails, "showDetails"),
            Objects.requireNonNull(authorizer, "authorizer"),
            Objects.requireNonNull(format, "format"));
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    CompletableFuture<HealthEndpoint.Response> answer =
        endpoint.handle(request.getPathInfo(), request::getHeader);
    if (answer.isDone() || !request.isAsyncSupported()) {
      write(response, answer.join());
      return;
    }
    // Release the container's thread while the checks run: a storm of readiness probes then
    // holds no threads, and liveness probes keep being served.
    AsyncContext async = request.startAsync();
    async.setTimeout(60_000); // a safety net only: the answer comes within the registry's timeout
    // Written on a container thread: the thread that completes the checks (one timeout thread
    // for a whole storm) must not write hundreds of responses in turn.
    answer.whenComplete((result, failure) -> async.start(() -> writeAndComplete(async, result)));
  }

  private static void writeAndComplete(AsyncContext async, HealthEndpoint.Response result) {
    try {
      write((HttpServletResponse) async.getResponse(), result);
    } catch (IOException | RuntimeException e) {
      // The prober hung up; nothing to answer.
    } finally {
      async.complete();
    }
  }

  private static void write(HttpServletResponse response, HealthEndpoint.Response answer)
      throws IOException {
    response.setStatus(answer.status());
    response.setHeader("Cache-Control", "no-store");
    response.setContentType(answer.contentType());
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(answer.body());
  }
}
