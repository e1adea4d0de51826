package dev.observability.benchmarks;

import dev.observability.core.Observability;
import dev.observability.core.Observed;
import io.micrometer.core.annotation.Timed;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.annotations.WithSpan;
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

/**
 * A call through the annotation proxy ({@code @Timed}, and {@code @WithSpan} with tracing on),
 * against a direct call (the floor) and a hand-written timing wrapper doing the same metric work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ObservedBenchmark {

  /** The service benchmarked. */
  public interface Pricing {
    /** Timed only. */
    @Timed("pricing.quote")
    long quote(long cents);

    /** Timed and traced. */
    @WithSpan("pricing.traced")
    @Timed("pricing.traced")
    long traced(long cents);
  }

  /** The implementation: trivial work, so the measurement is the overhead. */
  public static final class RealPricing implements Pricing {
    @Override
    public long quote(long cents) {
      return cents * 119 / 100;
    }

    @Override
    public long traced(long cents) {
      return cents * 119 / 100;
    }
  }

  @Param({"sdk"})
  public String tracing;

  private Observability observability;
  private Pricing direct;
  private Pricing proxied;
  private Timer handTimer;
  private long input = 1234;

  @Setup
  public void setUp() {
    observability =
        Observability.builder()
            .registerShutdownHook(false)
            .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
            .openTelemetry(tracing.equals("noop") ? OpenTelemetry.noop() : Benchmarks.sdkSampled())
            .build();
    direct = new RealPricing();
    proxied = Observed.proxy(observability, Pricing.class, direct);
    handTimer =
        Timer.builder("pricing.hand")
            .tag("exception", "none")
            .register(observability.meterRegistry());
  }

  @TearDown
  public void tearDown() {
    observability.close();
  }

  @Benchmark
  public long direct() {
    return direct.quote(input);
  }

  @Benchmark
  public long handWrittenTimer() {
    long start = System.nanoTime();
    long result = direct.quote(input);
    handTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    return result;
  }

  @Benchmark
  public long proxiedTimed() {
    return proxied.quote(input);
  }

  @Benchmark
  public long proxiedTimedAndTraced() {
    return proxied.traced(input);
  }
}
