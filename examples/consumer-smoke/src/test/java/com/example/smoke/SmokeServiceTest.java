package com.example.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.observability.core.Redaction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class SmokeServiceTest {

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void everyModuleWorksFromThePublishedArtifacts() throws Exception {
    try (SmokeService service = new SmokeService()) {
      HttpResponse<String> answer = get(service.port(), "/answer");
      assertEquals(200, answer.statusCode());
      assertEquals("answer 42 for j***@example.com", answer.body());
      assertTrue(answer.headers().firstValue("X-Request-ID").isPresent(), "request ID echoed");

      HttpResponse<String> health = get(service.port(), "/health/ready");
      assertEquals(200, health.statusCode());
      assertTrue(health.body().contains("\"database\":{\"status\":\"up\""), health.body());

      String metrics = get(service.port(), "/metrics").body();
      assertTrue(metrics.contains("http_server_request_duration_seconds_count{"), "HTTP metrics");
      assertTrue(metrics.contains("db_client_operation_duration_seconds_count{"), "JDBC metrics");
      assertTrue(metrics.contains("health_check_status{"), "health metrics");
      assertEquals("password=***", Redaction.redact("password=hunter2"));
    }
  }
}
