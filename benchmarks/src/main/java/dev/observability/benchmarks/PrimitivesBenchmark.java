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

  @Setup
  public void setUp() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    timer = Timer.builder("bench").publishPercentileHistogram().register(registry);
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
