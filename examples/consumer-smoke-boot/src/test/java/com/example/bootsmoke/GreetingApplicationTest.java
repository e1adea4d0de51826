package com.example.bootsmoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

class GreetingApplicationTest {

  @Test
  void theStarterAloneGivesRequestIdsMetricsAndHealth() throws Exception {
    try (ConfigurableApplicationContext context =
        SpringApplication.run(GreetingApplication.class, "--server.port=0")) {
      String base = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> greeting =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/greet/jane")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(greeting.statusCode()).isEqualTo(200);
      assertThat(greeting.headers().firstValue("X-Request-ID")).isPresent();
      String metrics =
          client
              .send(
                  HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .contains("http_server_request_duration_seconds_count{")
          .contains("http_route=\"/greet/{name}\"")
          .contains("db_client_operation_duration_seconds_count{");
      assertThat(
              client
                  .send(
                      HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);
    }
  }
}
