package dev.observability.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.observability.testing.LogCapture;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ConcurrencyTest {

  @Test
  void everyEventCarriesItsOwnRequestIdAndNoThreadKeepsAnything() throws Exception {
    int total = 2_000;
    try (TestServer server = new TestServer();
        LogCapture access = LogCapture.of(RequestObservabilityFilter.ACCESS_LOGGER)) {
      Semaphore inFlight = new Semaphore(64);
      List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        String path = (i % 2 == 0 ? "/async/ok?n=" : "/echo/x?n=") + i;
        inFlight.acquire();
        HttpRequest request =
            HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(30)).build();
        futures.add(
            server
                .client
                .sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .whenComplete((r, e) -> inFlight.release()));
      }
      Map<String, String> idByQuery = new HashMap<>();
      for (CompletableFuture<HttpResponse<String>> future : futures) {
        HttpResponse<String> response = future.get(60, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        String id = response.headers().firstValue("X-Request-ID").orElseThrow();
        idByQuery.put(response.uri().getQuery(), id);
        if (response.uri().getPath().startsWith("/echo")) {
          assertThat(response.body()).isEqualTo(id); // the MDC the servlet saw
        }
      }
      assertThat(idByQuery).hasSize(total);

      TestServer.await(() -> access.events().size() >= total);
      List<ILoggingEvent> events = access.events();
      assertThat(events).hasSize(total);
      for (ILoggingEvent event : events) {
        String query = (String) LogCapture.keyValue(event, "query");
        assertThat(event.getMDCPropertyMap().get("request_id"))
            .as("request %s", query)
            .isEqualTo(idByQuery.get(query));
      }

      // Every request entered a thread whose MDC was empty: nothing leaked from the one before.
      assertThat(server.mdcOnEntry).hasSize(total).allSatisfy(mdc -> assertThat(mdc).isEmpty());
      // And every thread of Jetty's pool is clean now.
      QueuedThreadPool pool = (QueuedThreadPool) server.server.getThreadPool();
      ConcurrentLinkedQueue<Map<String, String>> leftovers = new ConcurrentLinkedQueue<>();
      int threads = pool.getThreads();
      CountDownLatch ran = new CountDownLatch(threads);
      for (int i = 0; i < threads; i++) {
        pool.execute(
            () -> {
              Map<String, String> mdc = MDC.getCopyOfContextMap();
              if (mdc != null && !mdc.isEmpty()) {
                leftovers.add(mdc);
              }
              ran.countDown();
            });
      }
      ran.await(10, TimeUnit.SECONDS);
      assertThat(leftovers).isEmpty();
    }
  }
}
