package dev.observability.health;

import dev.observability.health.internal.HealthEndpoint;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

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
 * <p>Bodies follow {@link HealthReport}; responses carry {@code Cache-Control: no-store}. Details
 * (messages, host names) are hidden unless {@link ShowDetails} allows them.
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
    this.endpoint =
        new HealthEndpoint(
            Objects.requireNonNull(registry, "registry"),
            Objects.requireNonNull(showDetails, "showDetails"),
            Objects.requireNonNull(authorizer, "authorizer"));
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    HealthEndpoint.Response answer = endpoint.handle(request.getPathInfo(), request::getHeader);
    response.setStatus(answer.status());
    response.setHeader("Cache-Control", "no-store");
    response.setContentType(answer.contentType());
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(answer.body());
  }
}
