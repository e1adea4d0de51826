package dev.observability.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.observability.core.Observability;
import dev.observability.core.spi.ContainedFailures;
import dev.observability.testing.Faults;
import dev.observability.testing.LogCapture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.net.http.HttpResponse;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Each collaborator of the filter failing, on a real Jetty: requests get the answers they would get
 * without us, and the failure is counted.
 */
class FaultInjectionTest {

  private static long contained() {
    long total = 0;
    for (String component :
        new String[] {
          "servlet-filter", "servlet-metrics", "servlet-tracing", "redactor", "user-id-resolver"
        }) {
      total += ContainedFailures.count(component);
    }
    return total;
  }

  /** The application's answers, unchanged, whatever fails inside the filter. */
  private static void assertRequestsProceed(Observability observability) throws Exception {
    long before = contained();
    try (TestServer server = new TestServer(b -> b, observability)) {
      HttpResponse<String> ok = server.get("/api/tasks/1");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("task /1");
      assertThat(server.get("/misc/bad-employee").statusCode()).isEqualTo(400);
      assertThat(server.get("/misc/send-error").statusCode()).isEqualTo(409);
      HttpResponse<String> failed = server.get("/fail/runtime");
      assertThat(failed.statusCode()).isEqualTo(500);
      assertThat(failed.body()).doesNotContain("hunter2");
    } finally {
      observability.close();
    }
    assertThat(contained()).as("failures counted").isGreaterThan(before);
  }

  private static Observability.Builder base() {
    return Observability.builder()
        .registerShutdownHook(false)
        .set("observability.metrics.jvm.enabled", "false");
  }

  private static OpenTelemetry openTelemetry(
      Supplier<TracerProvider> tracers, ContextPropagators propagators) {
    return new OpenTelemetry() {
      @Override
      public TracerProvider getTracerProvider() {
        return tracers.get();
      }

      @Override
      public ContextPropagators getPropagators() {
        return propagators;
      }
    };
  }

  @Test
  void aRegistryThatThrowsWhenMetersAreCreated() throws Exception {
    SimpleMeterRegistry registry = Faults.registryThrowingOnMetersNamed("http.");
    try (LogCapture access = LogCapture.of(RequestObservabilityFilter.ACCESS_LOGGER)) {
      assertRequestsProceed(base().meterRegistry(registry).build());
      // Still observed: the access log does not depend on the metrics.
      assertThat(access.events()).isNotEmpty();
    }
  }

  @Test
  void aTracerThatThrows() throws Exception {
    Tracer tracer = mock(Tracer.class);
    when(tracer.spanBuilder(anyString())).thenThrow(new IllegalStateException("tracer bug"));
    TracerProvider provider = mock(TracerProvider.class);
    when(provider.get(anyString())).thenReturn(tracer);
    when(provider.get(anyString(), any())).thenReturn(tracer);
    when(provider.tracerBuilder(anyString())).thenCallRealMethod();
    assertRequestsProceed(
        base().openTelemetry(openTelemetry(() -> provider, ContextPropagators.noop())).build());
  }

  @Test
  void aPropagatorThatThrows() throws Exception {
    TextMapPropagator propagator = mock(TextMapPropagator.class);
    when(propagator.extract(any(), any(), any()))
        .thenThrow(new IllegalStateException("propagator bug"));
    assertRequestsProceed(
        base()
            .openTelemetry(
                openTelemetry(TracerProvider::noop, ContextPropagators.create(propagator)))
            .build());
  }

  @Test
  void aRedactorThatThrows() throws Exception {
    assertRequestsProceed(
        base()
            .redactor(
                text -> {
                  throw new IllegalStateException("redactor bug");
                })
            .build());
  }

  @Test
  void anAppenderThatThrows() throws Exception {
    Logger access = (Logger) LoggerFactory.getLogger(RequestObservabilityFilter.ACCESS_LOGGER);
    AppenderBase<ILoggingEvent> broken =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            throw new IllegalStateException("appender bug");
          }
        };
    broken.start();
    access.addAppender(broken);
    try (TestServer server = new TestServer()) {
      HttpResponse<String> ok = server.get("/api/tasks/1");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("task /1");
      assertThat(server.get("/fail/runtime").statusCode()).isEqualTo(500);
    } finally {
      access.detachAppender(broken);
    }
  }
}
