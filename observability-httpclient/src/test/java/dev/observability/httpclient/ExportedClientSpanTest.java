package dev.observability.httpclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.core.Observability;
import dev.observability.testing.OtlpReceiver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client span as a backend receives it: exported over OTLP/HTTP and decoded. */
class ExportedClientSpanTest {

  @Test
  void theClientSpanReachesTheCollectorWithItsAttributes() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        CalleeServer callee = new CalleeServer();
        Observability observability =
            Observability.builder()
                .registerShutdownHook(false)
                .serviceName("caller")
                .meterRegistry(new SimpleMeterRegistry())
                .otelProperty("otel.exporter.otlp.endpoint", receiver.endpoint())
                .otelProperty("otel.exporter.otlp.protocol", "http/protobuf")
                .otelProperty("otel.bsp.schedule.delay", "50")
                .build()) {
      HttpClient http = ObservedHttpClient.wrap(HttpClient.newHttpClient(), observability);
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(callee.url("/hooks?api_key=abc123secret"))).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);

      List<Span> spans = receiver.awaitSpans(1, Duration.ofSeconds(20));
      Span client = spans.get(0);
      assertThat(client.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
      assertThat(client.getName()).isEqualTo("GET");
      assertThat(OtlpReceiver.stringAttribute(client.getAttributesList(), "server.address"))
          .isEqualTo("127.0.0.1");
      assertThat(OtlpReceiver.stringAttribute(client.getAttributesList(), "url.full"))
          .startsWith(callee.url("/hooks?"))
          .doesNotContain("abc123secret");
      assertThat(callee.last().values("traceparent")).hasSize(1);
    }
  }
}
