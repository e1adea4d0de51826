package dev.observability.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.observability.core.Observability;
import dev.observability.servlet.RequestObservabilityFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.zalando.logbook.Logbook;
import org.zalando.logbook.servlet.LogbookFilter;

/**
 * One request through a filter over lightweight request and response objects: the bare chain
 * (the floor; it still builds the request objects, as every variant does), our filter with
 * tracing sampled or not and the access log disabled or written to an appender that drops it, and
 * Zalando Logbook's filter with its defaults.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class FilterBenchmark {

  @Param({"floor", "ours-sampled-log-off", "ours-sampled-log-on", "ours-unsampled-log-on", "logbook"})
  public String variant;

  private Filter filter;
  private Observability observability;
  private final FilterChain application = (request, response) -> ((HttpServletResponse) response).setStatus(200);

  /** Receives events and drops them: the cost of building the event, not of writing it. */
  static final class DroppingAppender extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
      event.getKeyValuePairs();
    }
  }

  @Setup
  public void setUp() throws ServletException {
    Logger access = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(RequestObservabilityFilter.ACCESS_LOGGER);
    access.detachAndStopAllAppenders();
    access.setAdditive(false);
    if (variant.endsWith("log-on")) {
      DroppingAppender appender = new DroppingAppender();
      appender.setContext(access.getLoggerContext());
      appender.start();
      access.addAppender(appender);
      access.setLevel(Level.INFO);
    } else {
      access.setLevel(Level.OFF);
    }
    observability = Observability.builder().registerShutdownHook(false)
        .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
        .openTelemetry(variant.contains("unsampled") ? Benchmarks.sdkNotSampled() : Benchmarks.sdkWithBatchProcessor())
        .build();
    filter = switch (variant) {
      case "floor" -> null;
      case "logbook" -> new LogbookFilter(Logbook.create());
      default -> RequestObservabilityFilter.builder().observability(observability).routes("/api/tasks/{id}").build();
    };
    if (filter != null) {
      filter.init(null);
    }
  }

  @TearDown
  public void tearDown() {
    observability.close();
  }

  @Benchmark
  public int request() throws IOException, ServletException {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/tasks/42");
    request.setServletPath("/api/tasks");
    request.setPathInfo("/42");
    request.addHeader("User-Agent", "bench/1.0");
    request.setRemoteAddr("10.0.0.7");
    MockHttpServletResponse response = new MockHttpServletResponse();
    if (filter == null) {
      application.doFilter(request, response);
    } else {
      filter.doFilter(request, response, application);
    }
    return response.getStatus();
  }
}
