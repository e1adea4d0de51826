package dev.observability.core.spi;

import dev.observability.core.internal.MeterRegistries;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * One rendering of Micrometer's Prometheus registry for a scrape, with content negotiation:
 * OpenMetrics when the {@code Accept} header asks for {@code application/openmetrics-text}, else
 * the Prometheus text format 0.0.4. Used by the scrape servlet and the management server; works
 * only when {@code micrometer-registry-prometheus} is on the class path.
 *
 * <pre>{@code
 * PrometheusScrape scrape =
 *     PrometheusScrape.render(observability.meterRegistry(), request.getHeader("Accept"));
 * if (scrape == null) { respond(503); } else { respond(200, scrape.contentType(), scrape.body()); }
 * }</pre>
 */
public final class PrometheusScrape {

  /** The content type of the Prometheus text format. */
  public static final String TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** The content type of OpenMetrics. */
  public static final String OPENMETRICS_CONTENT_TYPE =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final String contentType;
  private final String body;

  private PrometheusScrape(String contentType, String body) {
    this.contentType = contentType;
    this.body = body;
  }

  /**
   * Returns whether the Prometheus registry is on the class path.
   *
   * @return whether it is
   */
  public static boolean available() {
    return MeterRegistries.prometheusAvailable();
  }

  /**
   * Renders the Prometheus registry in {@code registry} (or among its members, for a composite).
   *
   * @param registry the registry
   * @param acceptHeader the scraper's {@code Accept} header
   * @return the scrape, or {@code null} when there is no Prometheus registry
   */
  public static @Nullable PrometheusScrape render(
      MeterRegistry registry, @Nullable String acceptHeader) {
    if (!available()) {
      return null;
    }
    String contentType =
        acceptHeader != null && acceptHeader.contains("application/openmetrics-text")
            ? OPENMETRICS_CONTENT_TYPE
            : TEXT_CONTENT_TYPE;
    String body = MeterRegistries.scrapePrometheus(registry, contentType);
    return body == null ? null : new PrometheusScrape(contentType, body);
  }

  /**
   * Returns the content type to answer with.
   *
   * @return the content type
   */
  public String contentType() {
    return contentType;
  }

  /**
   * Returns the exposition text.
   *
   * @return the body
   */
  public String body() {
    return body;
  }
}
