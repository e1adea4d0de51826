package dev.observability.httpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.observability.core.Observability;
import dev.observability.core.RequestContext;
import dev.observability.core.spi.ContainedFailures;
import dev.observability.core.spi.RequestLifecycle;
import dev.observability.httpclient.Callers.Answer;
import dev.observability.httpclient.Callers.Caller;
import dev.observability.httpclient.Callers.Kind;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The outbound contract, held by every client against a real Jetty: a CLIENT span in the caller's
 * trace, the trace context and request ID at the callee, the metric by host and port, failures as
 * {@code error.type} with the caller's outcome unchanged, and our own failures contained.
 */
class OutboundCallTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private OpenTelemetrySdk sdk;
  private Observability observability;
  private CalleeServer callee;

  static Stream<Named<Kind>> clients() {
    return Callers.all().stream().map(e -> Named.of(e.getKey(), e.getValue()));
  }

  @BeforeEach
  void start() throws Exception {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    observability = observability(sdk);
    callee = new CalleeServer();
  }

  private Observability observability(io.opentelemetry.api.OpenTelemetry openTelemetry) {
    return Observability.builder()
        .registerShutdownHook(false)
        .openTelemetry(openTelemetry)
        .meterRegistry(meters)
        .build();
  }

  @AfterEach
  void stop() throws Exception {
    callee.close();
    observability.close();
    sdk.close();
  }

  @ParameterizedTest
  @MethodSource("clients")
  void theCallIsAClientSpanInTheCallersTraceAndTheCalleeContinuesIt(Kind kind) throws Exception {
    Span parent = sdk.getTracer("test").spanBuilder("parent").startSpan();
    Answer answer;
    try (Caller caller = kind.create(observability, Callers.PATIENT);
        RequestLifecycle request = RequestLifecycle.start("req-outbound-42");
        RequestContext.Scope requestScope = request.makeCurrent();
        Scope scope = parent.makeCurrent()) {
      answer =
          caller.get(
              callee.url(
                  "/api/orders/7?token=s3cr3tvalue&page=2&X-Amz-Signature=f00dcafe1&"
                      + "X-Amz-Credential=AKIDEXAMPLE2&AWSAccessKeyId=AKIDEXAMPLE3&sig=b4db4d4"),
              Map.of());
    } finally {
      parent.end();
    }

    assertThat(answer).isEqualTo(new Answer(200, "pong 200"));
    SpanData client = awaitSpan(SpanKind.CLIENT);
    assertThat(client.getName()).isEqualTo("GET");
    assertThat(client.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
    assertThat(client.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(attribute(client, "http.request.method")).isEqualTo("GET");
    assertThat(attribute(client, "server.address")).isEqualTo("127.0.0.1");
    assertThat(client.getAttributes().get(AttributeKey.longKey("server.port")))
        .isEqualTo((long) callee.port());
    assertThat(client.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
        .isEqualTo(200L);
    assertThat(attribute(client, "network.protocol.version")).isEqualTo("1.1");
    assertThat(attribute(client, "url.full"))
        .startsWith(callee.url("/api/orders/7?"))
        .contains("page=2")
        .doesNotContain("s3cr3tvalue", "f00dcafe1", "AKIDEXAMPLE2", "AKIDEXAMPLE3", "b4db4d4");
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    CalleeServer.Received received = callee.last();
    assertThat(received.values("traceparent"))
        .containsExactly(
            "00-"
                + client.getTraceId()
                + "-"
                + client.getSpanId()
                + "-"
                + client.getSpanContext().getTraceFlags().asHex());
    assertThat(received.values("X-Request-ID")).containsExactly("req-outbound-42");
  }

  @ParameterizedTest
  @MethodSource("clients")
  void ourHeadersReplaceTheCallersAndNoRequestIdIsInventedOutsideARequest(Kind kind)
      throws Exception {
    try (Caller caller = kind.create(observability, Callers.PATIENT)) {
      caller.get(
          callee.url("/ping"),
          Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
      assertThat(callee.last().values("traceparent"))
          .hasSize(1)
          .noneMatch(value -> value.contains("0af7651916cd43dd8448eb211c80319c"));
      assertThat(callee.last().values("X-Request-ID")).isEmpty();

      caller.get(callee.url("/ping"), Map.of("X-Request-ID", "callers-own-id"));
      assertThat(callee.last().values("X-Request-ID")).containsExactly("callers-own-id");
    }
  }

  @ParameterizedTest
  @MethodSource("clients")
  void theMetricIsTaggedByHostAndPortNeverByPath(Kind kind) throws Exception {
    try (Caller caller = kind.create(observability, Callers.PATIENT)) {
      caller.get(callee.url("/users/alice@example.com"), Map.of());
      caller.get(callee.url("/users/bob"), Map.of());
    }
    awaitTrue(() -> count(Map.of()) == 2);

    List<Meter> series = meters.find("http.client.request.duration").meters().stream().toList();
    assertThat(series).hasSize(1);
    assertThat(series.get(0).getId().getTags())
        .containsExactlyInAnyOrder(
            Tag.of("http.request.method", "GET"),
            Tag.of("server.address", "127.0.0.1"),
            Tag.of("server.port", Integer.toString(callee.port())),
            Tag.of("http.response.status_code", "200"),
            Tag.of("error.type", "none"));
    assertThat(((Timer) series.get(0)).getId().getBaseUnit()).isEqualTo("seconds");
  }

  @ParameterizedTest
  @MethodSource("clients")
  void anErrorAnswerIsAnErrorTypeAndReachesTheCallerUnchanged(Kind kind) throws Exception {
    Answer answer;
    try (Caller caller = kind.create(observability, Callers.PATIENT)) {
      answer = caller.get(callee.url("/status/503"), Map.of());
    }

    assertThat(answer).isEqualTo(new Answer(503, "pong 503"));
    SpanData client = awaitSpan(SpanKind.CLIENT);
    assertThat(attribute(client, "error.type")).isEqualTo("503");
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    awaitTrue(() -> count(Map.of("error.type", "503", "http.response.status_code", "503")) == 1);
  }

  @ParameterizedTest
  @MethodSource("clients")
  void aRefusedConnectionReachesTheCallerUnchangedAndIsCountedByItsType(Kind kind)
      throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/nobody-home";
    Throwable bareFailure = failureOf(kind.create(null, Callers.PATIENT), url);

    Throwable observedFailure = failureOf(kind.create(observability, Callers.PATIENT), url);

    assertThat(observedFailure).isExactlyInstanceOf(bareFailure.getClass());
    assertThat(observedFailure.getMessage()).isEqualTo(bareFailure.getMessage());
    SpanData client = awaitSpan(SpanKind.CLIENT);
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    String errorType = attribute(client, "error.type");
    assertThat(errorType).isNotBlank();
    assertThat(client.getEvents()).anyMatch(event -> event.getName().equals("exception"));
    awaitTrue(
        () ->
            count(
                    Map.of(
                        "error.type",
                        errorType,
                        "http.response.status_code",
                        "",
                        "server.port",
                        Integer.toString(closedPort)))
                == 1);
  }

  @ParameterizedTest
  @MethodSource("clients")
  void aTimeoutReachesTheCallerUnchangedAndIsCountedByItsType(Kind kind) throws Exception {
    Throwable failure = failureOf(kind.create(observability, Callers.SHORT), callee.url("/slow"));

    SpanData client = awaitSpan(SpanKind.CLIENT);
    assertThat(attribute(client, "error.type")).isEqualTo(failure.getClass().getName());
    assertThat(failure.getClass().getSimpleName()).containsIgnoringCase("timeout");
    awaitTrue(() -> count(Map.of("error.type", failure.getClass().getName())) == 1);
  }

  @ParameterizedTest
  @MethodSource("clients")
  void aFailureOfOurOwnLeavesTheCallAsItWas(Kind kind) throws Exception {
    OpenTelemetrySdk broken =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setPropagators(ContextPropagators.create(new ThrowingPropagator()))
            .build();
    long failuresBefore = ContainedFailures.count("http-client");
    try (Observability faulty = observability(broken);
        Caller caller = kind.create(faulty, Callers.PATIENT)) {
      Answer answer = caller.get(callee.url("/ping"), Map.of("X-Request-ID", "callers-own-id"));

      assertThat(answer).isEqualTo(new Answer(200, "pong 200"));
      assertThat(callee.last().values("traceparent")).isEmpty();
      assertThat(callee.last().values("X-Request-ID")).containsExactly("callers-own-id");
      assertThat(ContainedFailures.count("http-client")).isGreaterThan(failuresBefore);
    } finally {
      broken.close();
    }
  }

  /** What the caller threw; fails the test when it answered. */
  private static Throwable failureOf(Caller caller, String url) throws Exception {
    try (caller) {
      Throwable[] thrown = new Throwable[1];
      assertThatThrownBy(() -> caller.get(url, Map.of())).satisfies(t -> thrown[0] = t);
      return thrown[0];
    }
  }

  private SpanData awaitSpan(SpanKind kind) throws InterruptedException {
    awaitTrue(() -> spans.getFinishedSpanItems().stream().anyMatch(s -> s.getKind() == kind));
    return spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == kind).findFirst().get();
  }

  private long count(Map<String, String> tags) {
    Collection<Timer> timers = meters.find("http.client.request.duration").timers();
    return timers.stream()
        .filter(
            t ->
                tags.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(t.getId().getTag(e.getKey()))))
        .mapToLong(Timer::count)
        .sum();
  }

  /**
   * The asynchronous clients end the span and record the metric on the thread that completed the
   * call, which may run after the caller saw its answer; waits for that, with a bound far above
   * what it takes on a busy machine.
   */
  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 20 s for the call's signals").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private static @Nullable String attribute(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  private static final class ThrowingPropagator implements TextMapPropagator {
    @Override
    public Collection<String> fields() {
      return List.of("traceparent");
    }

    @Override
    public <C> void inject(Context context, @Nullable C carrier, TextMapSetter<C> setter) {
      throw new IllegalStateException("propagator broken on purpose");
    }

    @Override
    public <C> Context extract(Context context, @Nullable C carrier, TextMapGetter<C> getter) {
      return context;
    }
  }
}
