package dev.observability.benchmarks;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/** Shared set-up of the benchmarks. */
final class Benchmarks {

  private Benchmarks() {}

  /**
   * An SDK that samples everything and, as each span ends, builds its exported form on the ending
   * thread and drops it. A batch processor would hand that work to its worker thread and, at
   * benchmark rates, drop most spans once its queue is full, so the figures would depend on how
   * many were dropped; done here, every span costs what its export costs, and is counted once.
   */
  static OpenTelemetry sdkSampled() {
    return sdk(Sampler.alwaysOn());
  }

  /** An SDK that samples nothing. */
  static OpenTelemetry sdkNotSampled() {
    return sdk(Sampler.alwaysOff());
  }

  private static OpenTelemetry sdk(Sampler sampler) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder()
                .setSampler(sampler)
                .addSpanProcessor(new ExportAndDropProcessor())
                .build())
        // A meter provider with a reader that is never asked to collect: instruments record into
        // the SDK's aggregations (the cost a real exporter's service pays) and nothing is exported.
        .setMeterProvider(
            SdkMeterProvider.builder().registerMetricReader(new IdleMetricReader()).build())
        .build();
  }

  /** Converts every ended span to its exported form and keeps none. */
  private static final class ExportAndDropProcessor implements SpanProcessor {
    /** Read by no one; written so the conversion cannot be optimised away. */
    volatile SpanData last;

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      last = span.toSpanData();
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }
  }

  private static final class IdleMetricReader implements MetricReader {
    @Override
    public void register(CollectionRegistration registration) {
      // never collects
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode forceFlush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
