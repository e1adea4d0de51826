package dev.observability.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.observability.benchmarks.http.LightJavaxRequest;
import dev.observability.benchmarks.http.LightJavaxResponse;
import dev.observability.benchmarks.http.LightRequest;
import dev.observability.benchmarks.http.LightResponse;
import dev.observability.benchmarks.http.RequestLine;
import dev.observability.core.Observability;
import dev.observability.servlet.RequestObservabilityFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.instrumentation.servlet.v3_0.ServletTelemetry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import org.zalando.logbook.Logbook;
import org.zalando.logbook.servlet.LogbookFilter;

/**
 * One request through a filter over lightweight request and response objects ({@code http} package:
 * a few fields each, no mock framework): the bare chain (the floor; it still builds the request and
 * response objects and writes a 64-byte body, as every variant does), our filter with tracing
 * sampled or not and the access log disabled or written to an appender that drops it, Zalando
 * Logbook's filter with its defaults and its log the same two ways (it writes at TRACE), and
 * OpenTelemetry's servlet library filter (javax API, over the same objects for that API; its own
 * floor is {@code floor-javax}). Every tracing variant builds each span's exported form and drops
 * it (see {@code Benchmarks.sdkSampled}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class FilterBenchmark {

  @Param({
    "floor",
    "ours-sampled-log-off",
    "ours-sampled-log-on",
    "ours-unsampled-log-on",
    "logbook-log-off",
    "logbook-log-on",
    "floor-javax",
    "otel-servlet"
  })
  public String variant;

  private static final RequestLine LINE =
      new RequestLine(
          "GET",
          "/api/tasks",
          "/42",
          null,
          "10.0.0.7",
          "Host",
          "localhost:8080",
          "User-Agent",
          "bench/1.0",
          "Accept",
          "application/json");
  private static final byte[] BODY =
      "{\"id\":42,\"title\":\"write the benchmarks\",\"done\":false}\n"
          .getBytes(StandardCharsets.UTF_8);

  private Filter filter;
  private javax.servlet.Filter javaxFilter;
  private Observability observability;
  private final FilterChain application =
      (request, response) -> {
        HttpServletResponse http = (HttpServletResponse) response;
        http.setStatus(200);
        http.setContentType("application/json");
        http.getOutputStream().write(BODY);
      };
  private final javax.servlet.FilterChain javaxApplication =
      (request, response) -> {
        javax.servlet.http.HttpServletResponse http =
            (javax.servlet.http.HttpServletResponse) response;
        http.setStatus(200);
        http.setContentType("application/json");
        http.getOutputStream().write(BODY);
      };

  /** Receives events and drops them: the cost of building the event, not of writing it. */
  static final class DroppingAppender extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
      event.getKeyValuePairs();
    }
  }

  @Setup
  public void setUp() throws ServletException, javax.servlet.ServletException {
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    // Our access log at INFO; Logbook writes its request and response lines at TRACE.
    configure(
        logging.getLogger(RequestObservabilityFilter.ACCESS_LOGGER),
        variant.startsWith("ours") && variant.endsWith("log-on") ? Level.INFO : Level.OFF);
    configure(
        logging.getLogger(Logbook.class),
        variant.equals("logbook-log-on") ? Level.TRACE : Level.OFF);
    observability =
        Observability.builder()
            .registerShutdownHook(false)
            .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
            .openTelemetry(
                variant.contains("unsampled")
                    ? Benchmarks.sdkNotSampled()
                    : Benchmarks.sdkSampled())
            .build();
    filter =
        switch (variant) {
          case "floor", "floor-javax", "otel-servlet" -> null;
          case "logbook-log-off", "logbook-log-on" -> new LogbookFilter(Logbook.create());
          default ->
              RequestObservabilityFilter.builder()
                  .observability(observability)
                  .routes("/api/tasks/{id}")
                  .build();
        };
    if (filter != null) {
      filter.init(null);
    }
    if (variant.equals("otel-servlet")) {
      javaxFilter = ServletTelemetry.create(observability.openTelemetry()).createFilter();
      javaxFilter.init(null);
    }
  }

  /** Sends {@code logger} to an appender that drops what it gets, at {@code level}. */
  private static void configure(Logger logger, Level level) {
    logger.detachAndStopAllAppenders();
    logger.setAdditive(false);
    logger.setLevel(level);
    if (level != Level.OFF) {
      DroppingAppender appender = new DroppingAppender();
      appender.setContext(logger.getLoggerContext());
      appender.start();
      logger.addAppender(appender);
    }
  }

  @TearDown
  public void tearDown() {
    observability.close();
  }

  @Benchmark
  public long request() throws IOException, ServletException, javax.servlet.ServletException {
    if (variant.endsWith("javax") || javaxFilter != null) {
      return javaxRequest();
    }
    LightRequest request = new LightRequest(LINE);
    LightResponse response = new LightResponse();
    if (filter == null) {
      application.doFilter(request, response);
    } else {
      filter.doFilter(request, response, application);
    }
    return response.getStatus() + response.bodyBytes();
  }

  private long javaxRequest() throws IOException, javax.servlet.ServletException {
    LightJavaxRequest request = new LightJavaxRequest(LINE);
    LightJavaxResponse response = new LightJavaxResponse();
    if (javaxFilter == null) {
      javaxApplication.doFilter(request, response);
    } else {
      javaxFilter.doFilter(request, response, javaxApplication);
    }
    return response.getStatus() + response.bodyBytes();
  }
}
