package dev.observability.servlet;

import dev.observability.core.Observability;
import dev.observability.core.spi.PrometheusScrape;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Serves Micrometer's Prometheus registry for scraping: the Prometheus text format, or OpenMetrics
 * when the scraper's {@code Accept} header asks for {@code application/openmetrics-text}.
 *
 * <p>Needs {@code micrometer-registry-prometheus} on the class path; without it (or when the
 * registry in use holds no Prometheus registry) it answers 503.
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(new PrometheusScrapeServlet()), "/metrics");
 * }</pre>
 */
public final class PrometheusScrapeServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient MeterRegistry registry;

  /** Serves the registry of {@link Observability#global()}. */
  public PrometheusScrapeServlet() {
    this(null);
  }

  /**
   * Serves {@code registry}, or the Prometheus registry inside it when it is a composite.
   *
   * @param registry the registry; {@code null} for {@link Observability#global()}'s
   */
  public PrometheusScrapeServlet(@Nullable MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("Cache-Control", "no-store");
    MeterRegistry source = registry != null ? registry : Observability.global().meterRegistry();
    PrometheusScrape scrape = PrometheusScrape.render(source, request.getHeader("Accept"));
    if (scrape == null) {
      unavailable(response);
      return;
    }
    response.setContentType(scrape.contentType());
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    try (Writer writer = response.getWriter()) {
      writer.write(scrape.body());
    }
  }

  private static void unavailable(HttpServletResponse response) throws IOException {
    response.setStatus(503);
    response.setContentType("text/plain; charset=utf-8");
    response
        .getWriter()
        .write("no Prometheus registry: add io.micrometer:micrometer-registry-prometheus\n");
  }
}
