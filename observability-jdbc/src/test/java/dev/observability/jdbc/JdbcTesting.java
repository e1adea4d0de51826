package dev.observability.jdbc;

import dev.observability.core.Observability;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import javax.sql.DataSource;

/** An observability set-up whose spans and meters the tests can read. */
final class JdbcTesting implements AutoCloseable {

  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .build();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final Observability observability =
      Observability.builder()
          .registerShutdownHook(false)
          .openTelemetry(sdk)
          .meterRegistry(meters)
          .build();

  ObservableDataSource.Builder wrap(DataSource dataSource) {
    return ObservableDataSource.builder(dataSource)
        .observability(observability)
        .slowQueryThreshold(Duration.ofSeconds(30));
  }

  /** Executions recorded for operation and table, whatever the outcome. */
  long executions(String operation, String collection) {
    return meters
        .find("db.client.operation.duration")
        .tag("db.operation.name", operation)
        .tag("db.collection.name", collection)
        .timers()
        .stream()
        .mapToLong(Timer::count)
        .sum();
  }

  long errors(String errorType) {
    return meters
        .find("db.client.operation.duration")
        .tag("error.type", errorType)
        .timers()
        .stream()
        .mapToLong(Timer::count)
        .sum();
  }

  @Override
  public void close() {
    observability.close();
    sdk.close();
  }
}
