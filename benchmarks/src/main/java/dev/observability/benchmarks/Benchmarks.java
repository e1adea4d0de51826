package dev.observability.benchmarks;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;

/** Shared set-up of the benchmarks. */
final class Benchmarks {

  private Benchmarks() {}

  /** An SDK that samples everything and exports to nowhere through the usual batch processor. */
  static OpenTelemetry sdkWithBatchProcessor() {
    return sdk(Sampler.alwaysOn());
  }

  /** An SDK that samples nothing. */
  static OpenTelemetry sdkNotSampled() {
    return sdk(Sampler.alwaysOff());
  }

  private static OpenTelemetry sdk(Sampler sampler) {
    SpanExporter discard = new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
    return OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .setSampler(sampler)
            .addSpanProcessor(BatchSpanProcessor.builder(discard).build())
            .build())
        .build();
  }
}
