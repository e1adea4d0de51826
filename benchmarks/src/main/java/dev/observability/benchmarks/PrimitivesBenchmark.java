package dev.observability.benchmarks;

import dev.observability.core.RequestId;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The building blocks on every request: request-ID generation against {@code UUID.randomUUID()}
 * at one and two threads, an MDC put and remove, and a Micrometer timer with a histogram.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class PrimitivesBenchmark {

  private Timer timer;
  private Tracer tracer;
  private Logger accessLog;

  @Setup
  public void setUp() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    timer = Timer.builder("bench").publishPercentileHistogram().register(registry);
    tracer = Benchmarks.sdkWithBatchProcessor().getTracer("bench");
    ch.qos.logback.classic.Logger logger = ((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory())
        .getLogger("bench.access");
    FilterBenchmark.DroppingAppender appender = new FilterBenchmark.DroppingAppender();
    appender.setContext(logger.getLoggerContext());
    appender.start();
    logger.addAppender(appender);
    logger.setAdditive(false);
    logger.setLevel(ch.qos.logback.classic.Level.INFO);
    accessLog = logger;
  }

  /** One step of the filter: a sampled span started and ended. */
  @Benchmark
  public void spanStartEnd() {
    tracer.spanBuilder("GET /api/tasks/{id}").setSpanKind(SpanKind.SERVER).startSpan().end();
  }

  /** One step of the filter: an access-log event with its key-value pairs, to an appender that drops it. */
  @Benchmark
  public void accessLogEvent() {
    accessLog.atInfo()
        .addKeyValue("method", "GET")
        .addKeyValue("path", "/api/tasks/42")
        .addKeyValue("route", "/api/tasks/{id}")
        .addKeyValue("status_code", 200)
        .addKeyValue("duration_ms", 3L)
        .log("{} {} {} {}ms", "GET", "/api/tasks/{id}", 200, 3L);
  }

  @Benchmark
  @Threads(1)
  public String requestIdOneThread() {
    return RequestId.generate();
  }

  @Benchmark
  @Threads(2)
  public String requestIdTwoThreads() {
    return RequestId.generate();
  }

  @Benchmark
  @Threads(1)
  public String uuidOneThread() {
    return UUID.randomUUID().toString();
  }

  @Benchmark
  @Threads(2)
  public String uuidTwoThreads() {
    return UUID.randomUUID().toString();
  }

  @Benchmark
  public String mdcPutRemove() {
    MDC.put("request_id", "01J0000000000000000000000");
    String value = MDC.get("request_id");
    MDC.remove("request_id");
    return value;
  }

  @Benchmark
  public void timerWithHistogram() {
    timer.record(1_234_567, TimeUnit.NANOSECONDS);
  }
}
