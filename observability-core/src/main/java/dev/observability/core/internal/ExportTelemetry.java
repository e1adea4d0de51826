package dev.observability.core.internal;

import dev.observability.core.spi.ContainedFailures;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.semconv.ErrorAttributes;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what happens to spans on their way out: exported, dropped because an export failed, and
 * dropped because the batch queue was full. Published as {@code observability.telemetry.spans} with
 * an {@code outcome} tag.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class ExportTelemetry {

  /** The metric name. */
  public static final String METRIC = "observability.telemetry.spans";

  private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");

  private final AtomicLong exported = new AtomicLong();
  private final AtomicLong exportFailed = new AtomicLong();
  private final SdkMetricsReader reader = new SdkMetricsReader();

  /**
   * Wraps {@code exporter} so its outcomes are counted and its exceptions contained.
   *
   * @param exporter the exporter autoconfigure chose
   * @return the counting exporter
   */
  public SpanExporter wrap(SpanExporter exporter) {
    return new CountingSpanExporter(exporter);
  }

  /**
   * Returns the reader to register with the SDK meter provider, through which the batch span
   * processor reports queue-full drops.
   *
   * @return the reader
   */
  public MetricReader reader() {
    return reader;
  }

  /**
   * Returns the number of spans the exporter accepted.
   *
   * @return the count
   */
  public long exported() {
    return exported.get();
  }

  /**
   * Returns the number of spans dropped, for any reason.
   *
   * @return the count
   */
  public long dropped() {
    return exportFailed.get() + queueFullDrops();
  }

  /**
   * Returns the number of spans the batch processor dropped because its queue was full.
   *
   * @return the count
   */
  public long queueFullDrops() {
    CollectionRegistration registration = reader.registration;
    if (registration == null) {
      return 0;
    }
    long total = 0;
    try {
      for (MetricData metric : registration.collectAllMetrics()) {
        if (metric.getType() != MetricDataType.LONG_SUM) {
          continue;
        }
        String name = metric.getName();
        boolean legacy = name.equals("processedSpans");
        boolean semconv = name.equals("otel.sdk.processor.span.processed");
        if (!legacy && !semconv) {
          continue;
        }
        for (LongPointData point : metric.getLongSumData().getPoints()) {
          Attributes attributes = point.getAttributes();
          if (legacy
              ? Boolean.TRUE.equals(attributes.get(DROPPED))
              : "queue_full".equals(attributes.get(ErrorAttributes.ERROR_TYPE))) {
            total += point.getValue();
          }
        }
      }
    } catch (RuntimeException e) {
      ContainedFailures.report("telemetry-metrics", e);
    }
    return total;
  }

  /**
   * Publishes the counts to {@code registry}.
   *
   * @param registry the registry
   */
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder(METRIC, exported, AtomicLong::get)
        .tag("outcome", "exported")
        .description("Spans handed to the exporter, by outcome")
        .register(registry);
    FunctionCounter.builder(METRIC, exportFailed, AtomicLong::get)
        .tag("outcome", "export_failed")
        .register(registry);
    FunctionCounter.builder(METRIC, this, ExportTelemetry::queueFullDrops)
        .tag("outcome", "queue_full")
        .register(registry);
  }

  private final class CountingSpanExporter implements SpanExporter {
    private final SpanExporter delegate;

    CountingSpanExporter(SpanExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      int size = spans.size();
      try {
        CompletableResultCode result = delegate.export(spans);
        result.whenComplete(() -> (result.isSuccess() ? exported : exportFailed).addAndGet(size));
        return result;
      } catch (RuntimeException | LinkageError e) {
        exportFailed.addAndGet(size);
        ContainedFailures.report("span-export", e);
        return CompletableResultCode.ofFailure();
      }
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }

    @Override
    public String toString() {
      return "CountingSpanExporter{" + delegate + '}';
    }
  }

  /** Lets us read the SDK's own instruments on demand; exports nothing. */
  private static final class SdkMetricsReader implements MetricReader {
    volatile CollectionRegistration registration;

    @Override
    public void register(CollectionRegistration registration) {
      this.registration = registration;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public MemoryMode getMemoryMode() {
      return MemoryMode.IMMUTABLE_DATA;
    }

    @Override
    public CompletableResultCode forceFlush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      registration = null;
      return CompletableResultCode.ofSuccess();
    }
  }
}
