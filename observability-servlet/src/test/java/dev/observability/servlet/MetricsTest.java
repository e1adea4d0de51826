package dev.observability.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.observability.servlet.internal.RouteResolver;
import dev.observability.testing.PrometheusText;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new TestServer(b -> b.routes("/api/tasks/{id}").maxRoutes(50));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static PrometheusText scrape() throws Exception {
    HttpResponse<String> response = server.get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain; version=0.0.4");
    return PrometheusText.parse(response.body());
  }

  @Test
  void scrapeHoldsTheHistogramAndActiveRequestsWithTemplatedRoutes() throws Exception {
    for (int i = 0; i < 5; i++) {
      server.get("/api/tasks/" + i);
    }
    server.get("/fail/runtime");
    PrometheusText text = scrape();
    assertThat(text.type("http_server_request_duration_seconds")).isEqualTo("histogram");
    assertThat(text.samples("http_server_request_duration_seconds_bucket"))
        .isNotEmpty()
        .anySatisfy(s -> assertThat(s.labels()).containsEntry("le", "+Inf"));
    PrometheusText.Sample count =
        text.samples("http_server_request_duration_seconds_count").stream()
            .filter(s -> "/api/tasks/{id}".equals(s.labels().get("http_route")))
            .findFirst()
            .orElseThrow();
    assertThat(count.value()).isGreaterThanOrEqualTo(5);
    assertThat(count.labels())
        .containsEntry("http_request_method", "GET")
        .containsEntry("http_response_status_code", "200")
        .containsEntry("error_type", "none");
    assertThat(text.samples("http_server_request_duration_seconds_count"))
        .anySatisfy(
            s ->
                assertThat(s.labels())
                    .containsEntry("http_response_status_code", "500")
                    .containsEntry("error_type", "java.lang.IllegalStateException"));
    assertThat(text.samples("http_server_request_duration_seconds_sum")).isNotEmpty();
    assertThat(text.samples("http_server_active_requests")).isNotEmpty();
    assertThat(text.samples("http_server_request_duration_seconds_count"))
        .allSatisfy(s -> assertThat(s.labels().get("http_route")).doesNotMatch(".*/[0-9]+$"));
  }

  @Test
  void openMetricsIsServedWhenAsked() throws Exception {
    HttpResponse<String> response =
        server.get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/openmetrics-text");
    assertThat(response.body()).endsWith("# EOF\n");
  }

  @Test
  void promtoolAcceptsTheScrape() throws Exception {
    assumeTrue(
        PrometheusText.promtoolAvailable() || System.getenv("CI") != null,
        "promtool not installed (CI installs it)");
    server.get("/api/tasks/1");
    String body = server.get("/metrics").body();
    String[] result = PrometheusText.promtoolCheck(body);
    assertThat(result[0]).as(result[1]).isEqualTo("0");
  }

  @Test
  void floodOfRandomPathsKeepsTheSeriesBounded() throws Exception {
    // Through the real server: random unknown paths are 404s and mint nothing; random paths under
    // a path-mapped servlet hit the cap and fold into "other".
    for (int i = 0; i < 1_500; i++) {
      server.get("/random/" + randomWord() + "/" + randomWord());
      server.get("/echo/" + randomWord() + "/" + randomWord());
    }
    PrometheusText text = scrape();
    Set<String> series = text.series("http_server_request_duration_seconds_count");
    assertThat(series.size()).isLessThanOrEqualTo(50 + 10);
    assertThat(text.samples("http_server_request_duration_seconds_count"))
        .anySatisfy(
            s ->
                assertThat(s.labels())
                    .containsEntry("http_route", RequestObservabilityFilter.ROUTE_OTHER))
        .anySatisfy(
            s ->
                assertThat(s.labels())
                    .containsEntry("http_route", RequestObservabilityFilter.ROUTE_NOT_FOUND));
  }

  @Test
  void oneMillionDistinctPathsMintAtMostTheCap() {
    RouteResolver resolver = new RouteResolver(List.of("/api/tasks/{id}"), 200);
    Set<String> routes = new java.util.HashSet<>();
    for (int i = 0; i < 1_000_000; i++) {
      HttpServletRequest request = request("/" + randomWord() + "/" + randomWord());
      routes.add(resolver.bound(resolver.candidate(request), i % 3 == 0 ? 404 : 200));
    }
    assertThat(resolver.distinctRoutes()).isEqualTo(200);
    assertThat(routes)
        .hasSizeLessThanOrEqualTo(202)
        .contains(
            RequestObservabilityFilter.ROUTE_OTHER, RequestObservabilityFilter.ROUTE_NOT_FOUND);
  }

  private static String randomWord() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] word = new char[8];
    for (int i = 0; i < word.length; i++) {
      word[i] = (char) ('a' + random.nextInt(26));
    }
    return new String(word);
  }

  /** A request whose path went to the default servlet, as an unknown path does. */
  private static HttpServletRequest request(String path) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            MetricsTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getServletPath" -> path;
                  case "getHttpServletMapping" -> (HttpServletMapping) null;
                  default -> null;
                });
  }
}
