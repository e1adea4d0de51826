package dev.observability.examples.coredemo;

import dev.observability.core.ContextPropagation;
import dev.observability.core.Observability;
import dev.observability.core.Redaction;
import dev.observability.core.RequestContext;
import dev.observability.core.Timing;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulates three requests of a service using the core module, printing JSON log lines that carry
 * request and trace IDs, with personal data masked, and finally the Prometheus scrape text.
 */
public final class CoreDemo {

  private static final Logger LOG = LoggerFactory.getLogger("dev.observability.examples.orders");

  private CoreDemo() {}

  public static void main(String[] args) throws Exception {
    try (Observability observability = Observability.builder()
        .serviceName("core-demo")
        .serviceVersion("0.1.0")
        .install()) {
      Timing priceLookup = observability.timing("orders.price_lookup")
          .slowThreshold(Duration.ofMillis(20))
          .build();
      ExecutorService pool = ContextPropagation.wrap(Executors.newFixedThreadPool(2));

      for (int i = 1; i <= 3; i++) {
        Span span = observability.tracer().spanBuilder("POST /orders").startSpan();
        try (Scope spanScope = span.makeCurrent();
            RequestContext.Scope request = RequestContext.create(null).makeCurrent()) {
          RequestContext.current().setUserId("user-" + i);
          // The masker turns the e-mail and the card number into j***@example.com and ****1111.
          LOG.info("order received from jane.doe@example.com paying with 4111 1111 1111 1111");
          long work = i * 10L;
          priceLookup.run(() -> sleep(work));
          pool.submit(() -> LOG.info("confirmation queued on a worker thread")).get();
          if (i == 3) {
            observability.securityEvents().loginFailed("jane.doe@example.com", "bad password");
          }
        } finally {
          span.end();
        }
      }
      pool.shutdown();
      pool.awaitTermination(5, TimeUnit.SECONDS);

      System.out.println("--- Redaction.redact of a query string:");
      System.out.println(Redaction.redact("/login?user=jane&password=hunter2&api_key=abc123"));
      System.out.println("--- Prometheus scrape (excerpt):");
      PrometheusMeterRegistry prometheus = (PrometheusMeterRegistry) observability.meterRegistry();
      prometheus.scrape().lines()
          .filter(line -> line.startsWith("orders_") || line.startsWith("security_events"))
          .filter(line -> !line.contains("_bucket"))
          .forEach(System.out::println);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
