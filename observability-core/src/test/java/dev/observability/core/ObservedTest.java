package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.observability.testing.LogCapture;
import io.micrometer.core.annotation.Counted;
import io.micrometer.core.annotation.Timed;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ObservedTest {

  interface Inventory {
    @WithSpan("inventory.reserve")
    @Timed(
        value = "inventory.operation",
        extraTags = {"operation", "reserve"},
        histogram = true,
        percentiles = {0.5, 0.95})
    String reserve(@SpanAttribute("sku") String sku, @SpanAttribute("quantity") int quantity)
        throws IOException;

    @Counted(value = "inventory.releases")
    void release(String sku);

    @WithSpan(kind = SpanKind.CLIENT)
    @SlowThreshold(millis = 5)
    CompletableFuture<String> fetchAsync(String sku);

    CompletionStage<Integer> count();

    String plain(String value);

    default String describe() {
      return "inventory";
    }
  }

  static final class RealInventory implements Inventory {
    volatile IOException checked;
    volatile RuntimeException unchecked;
    volatile CompletableFuture<String> pending;

    @Override
    public String reserve(String sku, int quantity) throws IOException {
      if (checked != null) {
        throw checked;
      }
      if (unchecked != null) {
        throw unchecked;
      }
      return sku + "x" + quantity + "@" + Span.current().getSpanContext().getSpanId();
    }

    @Override
    public void release(String sku) {
      if (sku.isEmpty()) {
        throw new IllegalArgumentException("empty sku");
      }
    }

    @Override
    public CompletableFuture<String> fetchAsync(String sku) {
      return pending;
    }

    @Override
    @Timed("inventory.count") // annotations on the implementation count too
    public CompletionStage<Integer> count() {
      return CompletableFuture.completedFuture(3);
    }

    @Override
    public String plain(String value) {
      return value;
    }

    @Override
    public String toString() {
      return "RealInventory";
    }
  }

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .build();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Observability observability =
      Observability.builder()
          .registerShutdownHook(false)
          .openTelemetry(sdk)
          .meterRegistry(meters)
          .build();
  private final RealInventory real = new RealInventory();
  private final Inventory inventory = Observed.proxy(observability, Inventory.class, real);

  @AfterEach
  void tearDown() {
    observability.close();
    sdk.close();
  }

  @Test
  void spanCarriesNameKindAndParameterAttributesAndIsCurrentDuringTheCall() throws IOException {
    String result = inventory.reserve("sku-jane@example.com", 3);
    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("inventory.reserve");
    assertThat(span.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("sku")))
        .isEqualTo("s***@example.com");
    assertThat(span.getAttributes().get(AttributeKey.longKey("quantity"))).isEqualTo(3L);
    assertThat(result).endsWith("@" + span.getSpanId());
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void timerHasTheAnnotationsNameTagsHistogramAndPercentiles() throws IOException {
    inventory.reserve("a", 1);
    inventory.reserve("b", 2);
    Timer timer =
        meters
            .get("inventory.operation")
            .tags(
                "operation",
                "reserve",
                "class",
                "Inventory",
                "method",
                "reserve",
                "exception",
                "none")
            .timer();
    assertThat(timer.count()).isEqualTo(2);
    assertThat(timer.takeSnapshot().percentileValues())
        .extracting(ValueAtPercentile::percentile)
        .containsExactly(0.5, 0.95);
    // The histogram: rendered as buckets by a Prometheus registry.
    var prometheus =
        new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
            io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
    Observability withPrometheus =
        Observability.builder()
            .registerShutdownHook(false)
            .openTelemetry(sdk)
            .meterRegistry(prometheus)
            .build();
    Observed.proxy(withPrometheus, Inventory.class, real).reserve("c", 3);
    assertThat(prometheus.scrape()).contains("inventory_operation_seconds_bucket{");
  }

  @Test
  void checkedAndUncheckedExceptionsPassThroughUnchangedAndAreRecorded() {
    IOException checked = new IOException("disk");
    real.checked = checked;
    assertThatThrownBy(() -> inventory.reserve("a", 1))
        .isSameAs(checked)
        .isNotInstanceOf(UndeclaredThrowableException.class);
    real.checked = null;
    IllegalStateException unchecked = new IllegalStateException("boom");
    real.unchecked = unchecked;
    assertThatThrownBy(() -> inventory.reserve("a", 1)).isSameAs(unchecked);
    assertThat(spans.getFinishedSpanItems())
        .allSatisfy(
            s -> {
              assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
              assertThat(s.getEvents()).extracting(e -> e.getName()).containsExactly("exception");
            });
    assertThat(meters.get("inventory.operation").tag("exception", "IOException").timer().count())
        .isEqualTo(1);
    assertThat(
            meters
                .get("inventory.operation")
                .tag("exception", "IllegalStateException")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void countedCountsSuccessesAndFailures() {
    inventory.release("a");
    inventory.release("b");
    assertThatThrownBy(() -> inventory.release("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(
            meters
                .get("inventory.releases")
                .tags("result", "success", "exception", "none")
                .counter()
                .count())
        .isEqualTo(2);
    assertThat(
            meters
                .get("inventory.releases")
                .tags("result", "failure", "exception", "IllegalArgumentException")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void asyncMethodsAreObservedToCompletionIncludingFailure() throws Exception {
    real.pending = new CompletableFuture<>();
    CompletableFuture<String> returned = inventory.fetchAsync("a");
    assertThat(returned).isSameAs(real.pending);
    assertThat(spans.getFinishedSpanItems()).isEmpty(); // still running
    Thread.sleep(20);
    real.pending.complete("done");
    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getName()).isEqualTo("Inventory.fetchAsync");
    assertThat(TimeUnit.NANOSECONDS.toMillis(span.getEndEpochNanos() - span.getStartEpochNanos()))
        .isGreaterThanOrEqualTo(20);

    real.pending = new CompletableFuture<>();
    CompletableFuture<String> failing = inventory.fetchAsync("b");
    IllegalStateException failure = new IllegalStateException("remote down");
    real.pending.completeExceptionally(failure);
    assertThat(failing).isCompletedExceptionally();
    SpanData failed = spans.getFinishedSpanItems().get(1);
    assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(
            failed
                .getEvents()
                .get(0)
                .getAttributes()
                .get(AttributeKey.stringKey("exception.message")))
        .isEqualTo("remote down");

    assertThat(inventory.count().toCompletableFuture().get()).isEqualTo(3);
    assertThat(meters.get("inventory.count").timer().count()).isEqualTo(1);
  }

  @Test
  void slowCallsLogOneWarn() throws Exception {
    try (LogCapture log = LogCapture.of("dev.observability.timing")) {
      real.pending = new CompletableFuture<>();
      inventory.fetchAsync("slow");
      Thread.sleep(30);
      real.pending.complete("x");
      assertThat(log.withMessage("slow operation")).hasSize(1);
      assertThat(LogCapture.keyValue(log.events().get(0), "operation"))
          .isEqualTo("Inventory.fetchAsync");
      assertThat(LogCapture.keyValue(log.events().get(0), "threshold_ms")).isEqualTo(5L);
    }
  }

  @Test
  void unannotatedDefaultAndObjectMethodsGoStraightThrough() {
    assertThat(inventory.plain("x")).isEqualTo("x");
    assertThat(inventory.describe()).isEqualTo("inventory");
    assertThat(inventory.toString()).isEqualTo("RealInventory");
    assertThat(inventory.hashCode()).isEqualTo(real.hashCode());
    assertThat(inventory).isEqualTo(inventory);
    assertThat(inventory).isEqualTo(Observed.proxy(observability, Inventory.class, real));
    assertThat(inventory).isNotEqualTo(real);
    assertThat(spans.getFinishedSpanItems()).isEmpty();
    assertThat(meters.getMeters())
        .allSatisfy(m -> assertThat(m.getId().getName()).doesNotContain("plain", "describe"));
  }

  @Test
  void planIsComputedOncePerMethodNotPerCall() throws IOException {
    int before = Observed.PLANS_COMPUTED.get();
    Inventory fresh = Observed.proxy(observability, Inventory.class, new RealInventory());
    int perProxy = Observed.PLANS_COMPUTED.get() - before;
    assertThat(perProxy).isEqualTo(4); // reserve, release, fetchAsync, count
    for (int i = 0; i < 1_000; i++) {
      fresh.reserve("a", i);
    }
    assertThat(Observed.PLANS_COMPUTED.get() - before).isEqualTo(perProxy);
  }

  @Test
  void onlyInterfacesCanBeProxied() {
    assertThatThrownBy(() -> Observed.proxy(observability, RealInventory.class, real))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an interface");
  }

  @Test
  void aFailureLeavingTheOutermostObservedCodeIsAnUncaughtErrorLoggedOnce() throws Exception {
    try (LogCapture errors = LogCapture.of(Observed.UNCAUGHT_LOGGER)) {
      assertThatThrownBy(() -> inventory.release("")).isInstanceOf(IllegalArgumentException.class);
      assertThat(
              meters
                  .get("errors.uncaught")
                  .tag("error.type", "java.lang.IllegalArgumentException")
                  .counter()
                  .count())
          .isEqualTo(1);
      assertThat(errors.events()).hasSize(1);
      assertThat(errors.events().get(0).getLevel()).hasToString("ERROR");
      assertThat(errors.events().get(0).getFormattedMessage()).isEqualTo("uncaught failure");
      assertThat(LogCapture.keyValue(errors.events().get(0), "operation"))
          .isEqualTo("Inventory.release");
      assertThat(String.valueOf(LogCapture.keyValue(errors.events().get(0), "error_fingerprint")))
          .matches("[0-9a-f]{8}");
      assertThat(errors.events().get(0).getThrowableProxy().getClassName())
          .isEqualTo("java.lang.IllegalArgumentException");
    }
  }

  @Test
  void aFailureInsideACallersSpanIsLeftToTheCaller() {
    try (LogCapture errors = LogCapture.of(Observed.UNCAUGHT_LOGGER)) {
      Span outer = sdk.getTracer("test").spanBuilder("request").startSpan();
      try (io.opentelemetry.context.Scope ignored = outer.makeCurrent()) {
        assertThatThrownBy(() -> inventory.release(""))
            .isInstanceOf(IllegalArgumentException.class);
      } finally {
        outer.end();
      }
      assertThat(meters.find("errors.uncaught").counters()).isEmpty();
      assertThat(errors.events()).isEmpty();
      // Its own failure counter still counts it.
      assertThat(meters.get("inventory.releases").tag("result", "failure").counter().count())
          .isEqualTo(1);
    }
  }
}
