package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.core.spi.RequestLifecycle;
import dev.observability.testing.LogCapture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The redactor given to the builder is the one the core's signals use. */
class InjectedRedactorTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .build();
  private final Observability observability =
      Observability.builder()
          .registerShutdownHook(false)
          .openTelemetry(sdk)
          .meterRegistry(new SimpleMeterRegistry())
          .redactor(
              Redactors.composite(
                  Redactors.defaults(),
                  Redactors.pattern(Pattern.compile("EMP-[0-9]++"), "EMP-***")))
          .build();

  @AfterEach
  void close() {
    observability.close();
    sdk.close();
  }

  /** A service whose span attribute carries an employee number. */
  public interface Staff {
    /**
     * Looks someone up.
     *
     * @param employee the employee number
     * @return a greeting
     */
    String find(String employee);
  }

  static final class StaffService implements Staff {
    @Override
    @WithSpan("staff.find")
    public String find(@SpanAttribute("employee") String employee) {
      return "found";
    }
  }

  @Test
  void builderExposesTheRedactorItWasGiven() {
    assertThat(observability.redactor().redact("by EMP-123456")).isEqualTo("by EMP-***");
    try (Observability plain =
        Observability.builder()
            .registerShutdownHook(false)
            .openTelemetry(sdk)
            .meterRegistry(new SimpleMeterRegistry())
            .build()) {
      assertThat(plain.redactor()).isSameAs(Redaction.defaults());
    }
  }

  @Test
  void securityEventsUseIt() {
    try (LogCapture log = LogCapture.of("dev.observability.security");
        RequestContext.Scope scope = RequestLifecycle.start("req-1").makeCurrent()) {
      observability.securityEvents().loginFailed("EMP-424242", "locked EMP-424242");
      assertThat(LogCapture.keyValue(log.events().get(0), "subject")).isEqualTo("EMP-***");
      assertThat(LogCapture.keyValue(log.events().get(0), "detail")).isEqualTo("locked EMP-***");
    }
  }

  @Test
  void annotatedSpanAttributesUseIt() {
    Staff staff = Observed.proxy(observability, Staff.class, new StaffService());
    staff.find("EMP-777777");
    assertThat(spans.getFinishedSpanItems())
        .singleElement()
        .satisfies(span -> assertThat(span.getAttributes().asMap().values()).contains("EMP-***"));
  }
}
