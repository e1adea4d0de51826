package dev.observability.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.observability.core.Observability;
import dev.observability.testing.OtlpReceiver;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class TracingTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_ID = "00f067aa0ba902b7";

  @Test
  void continuesIncomingTraceparentAndExportsSemconvAttributes() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      Observability observability =
          Observability.builder()
              .registerShutdownHook(false)
              .serviceName("servlet-test")
              .otelProperty("otel.exporter.otlp.endpoint", receiver.endpoint())
              .otelProperty("otel.exporter.otlp.protocol", "http/protobuf")
              .otelProperty("otel.bsp.schedule.delay", "20")
              .build();
      try (TestServer server = new TestServer(b -> b.routes("/api/tasks/{id}"), observability)) {
        server.get(
            "/api/tasks/42?password=x",
            "traceparent",
            "00-" + TRACE_ID + "-" + PARENT_ID + "-01",
            "User-Agent",
            "tester");
        server.get("/fail/runtime");
        List<Span> spans = receiver.awaitSpans(2, Duration.ofSeconds(10));
        assertThat(spans).hasSize(2);

        Span continued =
            spans.stream()
                .filter(s -> s.getName().equals("GET /api/tasks/{id}"))
                .findFirst()
                .orElseThrow();
        assertThat(hex(continued.getTraceId())).isEqualTo(TRACE_ID);
        assertThat(hex(continued.getParentSpanId())).isEqualTo(PARENT_ID);
        assertThat(continued.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        List<KeyValue> attributes = continued.getAttributesList();
        assertThat(OtlpReceiver.stringAttribute(attributes, "http.request.method"))
            .isEqualTo("GET");
        assertThat(OtlpReceiver.stringAttribute(attributes, "http.route"))
            .isEqualTo("/api/tasks/{id}");
        assertThat(OtlpReceiver.stringAttribute(attributes, "url.path")).isEqualTo("/api/tasks/42");
        assertThat(OtlpReceiver.stringAttribute(attributes, "url.query")).isEqualTo("password=***");
        assertThat(OtlpReceiver.stringAttribute(attributes, "url.scheme")).isEqualTo("http");
        assertThat(OtlpReceiver.stringAttribute(attributes, "user_agent.original"))
            .isEqualTo("tester");
        assertThat(OtlpReceiver.stringAttribute(attributes, "client.address"))
            .isEqualTo("127.0.0.1");
        assertThat(longAttribute(attributes, "http.response.status_code")).isEqualTo(200);
        assertThat(longAttribute(attributes, "server.port")).isEqualTo(server.port());

        Span failed = spans.stream().filter(s -> s != continued).findFirst().orElseThrow();
        assertThat(hex(failed.getTraceId())).isNotEqualTo(TRACE_ID);
        assertThat(failed.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(longAttribute(failed.getAttributesList(), "http.response.status_code"))
            .isEqualTo(500);
        assertThat(OtlpReceiver.stringAttribute(failed.getAttributesList(), "error.type"))
            .isEqualTo(IllegalStateException.class.getName());
        assertThat(failed.getEventsList())
            .extracting(e -> e.getName())
            .containsExactly("exception");
        assertThat(
                OtlpReceiver.stringAttribute(
                    failed.getEventsList().get(0).getAttributesList(), "exception.type"))
            .isEqualTo(IllegalStateException.class.getName());
        List<KeyValue> exception = failed.getEventsList().get(0).getAttributesList();
        assertThat(OtlpReceiver.stringAttribute(exception, "exception.message"))
            .isEqualTo("db password=*** at db-internal:5432");
        assertThat(OtlpReceiver.stringAttribute(exception, "exception.stacktrace"))
            .contains("IllegalStateException", "at dev.observability.servlet.TestServer")
            .doesNotContain("hunter2");
      } finally {
        observability.close();
      }
      assertThat(
              OtlpReceiver.stringAttribute(
                  receiver.resourceSpans().get(0).getResource().getAttributesList(),
                  "service.name"))
          .isEqualTo("servlet-test");
    }
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  private static long longAttribute(List<KeyValue> attributes, String key) {
    return attributes.stream()
        .filter(kv -> kv.getKey().equals(key))
        .findFirst()
        .orElseThrow()
        .getValue()
        .getIntValue();
  }
}
