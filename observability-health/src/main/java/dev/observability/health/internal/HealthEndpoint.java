package dev.observability.health.internal;

import dev.observability.core.spi.ContainedFailures;
import dev.observability.health.Health;
import dev.observability.health.HealthAuthorizer;
import dev.observability.health.HealthContributor;
import dev.observability.health.HealthFormat;
import dev.observability.health.HealthRegistry;
import dev.observability.health.HealthReport;
import dev.observability.health.ShowDetails;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The health endpoints independent of the HTTP server: maps a path below the health root to a
 * response. Shared by the servlet and the management server.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class HealthEndpoint {

  /** A response to send. */
  public record Response(int status, String contentType, String body) {}

  private static final String JSON = "application/json; charset=utf-8";
  private static final String HTML = "text/html; charset=utf-8";

  /**
   * Probes waiting for checks at once, past which readiness and full reports answer 503 at once.
   */
  static final int MAX_WAITING = 1_024;

  private final HealthRegistry registry;
  private final ShowDetails showDetails;
  private final HealthAuthorizer authorizer;
  private final HealthFormat format;
  private final AtomicInteger waiting = new AtomicInteger();

  /**
   * Creates the endpoint.
   *
   * @param registry the checks
   * @param showDetails who sees details
   * @param authorizer decides for {@link ShowDetails#WHEN_AUTHORIZED}
   * @param format renders the JSON bodies
   */
  public HealthEndpoint(
      HealthRegistry registry,
      ShowDetails showDetails,
      HealthAuthorizer authorizer,
      HealthFormat format) {
    this.registry = registry;
    this.showDetails = showDetails;
    this.authorizer = authorizer;
    this.format = format;
  }

  /**
   * Answers a request without holding the calling thread while checks run: the response completes
   * within about the registry's timeout, and never exceptionally.
   *
   * @param subPath the path below the health root: empty, {@code /live}, {@code /ready} or {@code
   *     /status}
   * @param header returns a request header's first value
   * @return the response to come
   */
  public CompletableFuture<Response> handle(
      @Nullable String subPath, Function<String, @Nullable String> header) {
    String path = subPath == null || subPath.equals("/") ? "" : subPath;
    boolean details = detailsAllowed(header);
    switch (path) {
      case "":
        return json(null, HealthFormat.Endpoint.HEALTH, details);
      case "/live":
        return json(HealthContributor.LIVENESS, HealthFormat.Endpoint.LIVE, details);
      case "/ready":
        return json(HealthContributor.READINESS, HealthFormat.Endpoint.READY, details);
      case "/status":
        return waitFor(
            null,
            report -> new Response(report.httpStatus(), HTML, StatusPage.render(report, details)));
      default:
        return CompletableFuture.completedFuture(
            new Response(
                404, JSON, "{\"error\":{\"code\":\"not_found\",\"message\":\"Not Found\"}}"));
    }
  }

  private CompletableFuture<Response> json(
      @Nullable String group, HealthFormat.Endpoint endpoint, boolean details) {
    return waitFor(
        group,
        report -> new Response(report.httpStatus(), JSON, render(report, endpoint, details)));
  }

  private String render(HealthReport report, HealthFormat.Endpoint endpoint, boolean details) {
    try {
      String body = format.render(report, endpoint, details);
      if (body != null) {
        return body;
      }
    } catch (RuntimeException e) {
      ContainedFailures.report("health-format", e);
    }
    return report.toJson(details);
  }

  /**
   * Evaluates {@code group} and builds the response. Liveness is never refused: its checks are
   * cheap and run on their own threads, and a refused liveness probe restarts the process.
   */
  private CompletableFuture<Response> waitFor(
      @Nullable String group, Function<HealthReport, Response> respond) {
    boolean liveness = HealthContributor.LIVENESS.equals(group);
    if (!liveness && waiting.incrementAndGet() > MAX_WAITING) {
      waiting.decrementAndGet();
      ContainedFailures.report(
          "health-overload", new IllegalStateException(MAX_WAITING + " probes waiting"));
      return CompletableFuture.completedFuture(new Response(503, JSON, OVERLOADED));
    }
    CompletableFuture<Response> response;
    try {
      response = registry.checkAsync(group).thenApply(respond);
    } catch (RuntimeException e) {
      ContainedFailures.report("health-endpoint", e);
      response = CompletableFuture.completedFuture(new Response(503, JSON, FAILED));
    }
    if (!liveness) {
      response = response.whenComplete((r, t) -> waiting.decrementAndGet());
    }
    return response.exceptionally(
        failure -> {
          ContainedFailures.report("health-endpoint", failure);
          return new Response(503, JSON, FAILED);
        });
  }

  private static final String FAILED =
      "{\"status\":\"unhealthy\",\"errors\":[\"health endpoint failed\"]}";

  private static final String OVERLOADED =
      "{\"status\":\"unhealthy\",\"errors\":[\"health endpoint overloaded\"]}";

  private boolean detailsAllowed(Function<String, @Nullable String> header) {
    switch (showDetails) {
      case ALWAYS:
        return true;
      case WHEN_AUTHORIZED:
        try {
          return authorizer.isAuthorized(header);
        } catch (RuntimeException e) {
          ContainedFailures.report("health-authorizer", e);
          return false;
        }
      default:
        return false;
    }
  }

  /** The self-refreshing HTML page: plain markup, inline style, no external assets. */
  static final class StatusPage {
    private StatusPage() {}

    static String render(HealthReport report, boolean details) {
      StringBuilder html = new StringBuilder(1024);
      html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
          .append("<meta http-equiv=\"refresh\" content=\"10\">")
          .append("<title>Health: ")
          .append(report.status().json())
          .append("</title>")
          .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
          .append("td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left}")
          .append(
              ".up{color:#1a7f37}.degraded{color:#9a6700}.down{color:#cf222e}</style></head><body>")
          .append("<h1>Status: <span class=\"")
          .append(cssClass(report.status()))
          .append("\">")
          .append(report.status().json())
          .append("</span></h1>")
          .append("<p>Version ")
          .append(escape(report.version()))
          .append(" &middot; checked ")
          .append(report.timestamp())
          .append("</p>")
          .append(
              "<table><thead><tr><th>check</th><th>status</th><th>duration</th><th>critical</th>")
          .append("<th>last change</th>")
          .append(details ? "<th>message</th>" : "")
          .append("</tr></thead><tbody>");
      for (HealthReport.Check check : report.checks()) {
        Health health = check.health();
        html.append("<tr><td>")
            .append(escape(check.name()))
            .append("</td><td class=\"")
            .append(health.status().json())
            .append("\">")
            .append(health.status().json())
            .append(health.reason() == null ? "" : " (" + escape(health.reason()) + ")")
            .append("</td><td>")
            .append(check.durationMillis())
            .append(" ms</td><td>")
            .append(check.critical() ? "yes" : "no")
            .append("</td><td>")
            .append(check.lastChange() == null ? "&ndash;" : check.lastChange().toString())
            .append("</td>");
        if (details) {
          html.append("<td>")
              .append(health.message() == null ? "" : escape(health.message()))
              .append("</td>");
        }
        html.append("</tr>");
      }
      return html.append("</tbody></table></body></html>").toString();
    }

    private static String cssClass(HealthReport.Status status) {
      switch (status) {
        case HEALTHY:
          return "up";
        case DEGRADED:
          return "degraded";
        default:
          return "down";
      }
    }

    static String escape(String text) {
      if (text == null) {
        return "";
      }
      StringBuilder out = new StringBuilder(text.length());
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        switch (c) {
          case '<' -> out.append("&lt;");
          case '>' -> out.append("&gt;");
          case '&' -> out.append("&amp;");
          case '"' -> out.append("&quot;");
          case '\'' -> out.append("&#39;");
          default -> out.append(c);
        }
      }
      return out.toString();
    }
  }
}
