package dev.observability.benchmarks;

import dev.observability.core.ContextPropagation;
import dev.observability.core.Jobs;
import dev.observability.core.Observability;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * A task handed to a one-thread pool and waited for: the bare pool (the floor), the pool wrapped by
 * {@link ContextPropagation} (context only), and by {@link Jobs#executor} (context, a sampled span,
 * Micrometer's executor timers and gauges). {@code jobRun} is {@link Jobs#run} around a task on the
 * calling thread, beside calling it directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class JobsBenchmark {

  private static final Runnable TASK = () -> {};

  @Param({"bare", "context-propagation", "jobs"})
  public String executor;

  private Observability observability;
  private ExecutorService bare;
  private ExecutorService pool;
  private Jobs jobs;

  @Setup(Level.Trial)
  public void setUp() {
    observability =
        Observability.builder()
            .registerShutdownHook(false)
            .openTelemetry(Benchmarks.sdkSampled())
            .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
            .build();
    jobs = observability.jobs();
    bare = Executors.newFixedThreadPool(1);
    switch (executor) {
      case "bare":
        pool = bare;
        break;
      case "context-propagation":
        pool = ContextPropagation.wrap(bare);
        break;
      case "jobs":
        pool = jobs.executor("bench", bare);
        break;
      default:
        throw new IllegalArgumentException(executor);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    bare.shutdownNow();
    bare.awaitTermination(10, TimeUnit.SECONDS);
    observability.close();
  }

  @Benchmark
  public Object submitAndWait() throws InterruptedException, ExecutionException {
    return pool.submit(TASK).get();
  }

  @Benchmark
  public void jobRun() {
    if (executor.equals("jobs")) {
      jobs.run("inline", TASK);
    } else {
      TASK.run();
    }
  }
}
