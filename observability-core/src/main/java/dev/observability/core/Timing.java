package dev.observability.core;

import dev.observability.core.spi.ContainedFailures;
import dev.observability.core.spi.ErrorTypes;
import dev.observability.core.spi.SpanExceptions;
import dev.observability.core.spi.SpanScopes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.semconv.ErrorAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times a block of code as a span, a Micrometer timer and, past a threshold, a WARN log line: the
 * general form of a slow-query report.
 *
 * <p>The timer is named as the operation, with the tags given and {@code error.type} (the fully
 * qualified class name of what was thrown, or {@code none}, by the rule of {@link
 * dev.observability.core.spi.ErrorTypes}); it publishes a histogram so percentiles are a query
 * away. The span is an INTERNAL span with the same name, current while the block runs, with the
 * exception recorded on failure. Above the slow threshold (default {@value
 * ObservabilityConfig#SLOW_THRESHOLD}, 1 s) one WARN {@code slow operation} is logged on logger
 * {@code dev.observability.timing} with {@code operation}, {@code duration_ms} and {@code
 * threshold_ms}. Exceptions from the block pass through unchanged.
 *
 * <pre>{@code
 * Timing reserve = observability.timing("inventory.reserve")
 *     .slowThreshold(Duration.ofMillis(200))
 *     .tag("warehouse", "berlin")
 *     .build();
 * Reservation r = reserve.call(() -> inventory.reserve(order));
 * }</pre>
 *
 * <p>Build one instance per operation and reuse it; it is thread-safe.
 */
public final class Timing {

  private static final Logger LOG = LoggerFactory.getLogger("dev.observability.timing");

  private final String name;
  private final Tracer tracer;
  private final MeterRegistry registry;
  private final Redactor redactor;
  private final Tags tags;
  private final long slowThresholdNanos;
  private final Timer successTimer;

  private Timing(Builder builder) {
    this.name = builder.name;
    this.tracer = builder.observability.tracer();
    this.registry = builder.observability.meterRegistry();
    this.redactor = builder.observability.redactor();
    this.tags = builder.tags;
    Duration threshold =
        builder.slowThreshold != null
            ? builder.slowThreshold
            : builder
                .observability
                .config()
                .getDuration(
                    ObservabilityConfig.SLOW_THRESHOLD, ObservabilityConfig.DEFAULT_SLOW_THRESHOLD);
    this.slowThresholdNanos = threshold.toNanos();
    this.successTimer = timer(ErrorTypes.NONE);
  }

  static Builder builder(Observability observability, String name) {
    return new Builder(observability, name);
  }

  /**
   * Runs {@code block}, timed.
   *
   * @param block the code
   */
  public void run(Runnable block) {
    Objects.requireNonNull(block, "block");
    get(
        () -> {
          block.run();
          return null;
        });
  }

  /**
   * Runs {@code block}, timed, and returns its result.
   *
   * @param block the code
   * @param <T> the result type
   * @return what the block returned
   */
  public <T> T get(Supplier<T> block) {
    Objects.requireNonNull(block, "block");
    try {
      return call(block::get);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /**
   * Runs {@code block}, timed, and returns its result; checked exceptions pass through.
   *
   * @param block the code
   * @param <T> the result type
   * @return what the block returned
   * @throws Exception what the block threw, unchanged
   */
  public <T> T call(Callable<T> block) throws Exception {
    Objects.requireNonNull(block, "block");
    Span span = startSpan();
    long start = System.nanoTime();
    Throwable failure = null;
    try (Scope ignored = SpanScopes.makeCurrent(span)) {
      return block.call();
    } catch (Throwable t) {
      failure = t;
      throw t;
    } finally {
      record(span, System.nanoTime() - start, failure);
    }
  }

  private Span startSpan() {
    try {
      return tracer.spanBuilder(name).startSpan();
    } catch (RuntimeException e) {
      ContainedFailures.report("timing", e);
      return Span.getInvalid();
    }
  }

  private void record(Span span, long nanos, Throwable failure) {
    try {
      String errorType = failure == null ? null : ErrorTypes.of(failure);
      if (failure != null) {
        SpanExceptions.record(span, failure, redactor);
        span.setStatus(StatusCode.ERROR);
        span.setAttribute(ErrorAttributes.ERROR_TYPE, errorType);
      }
      span.end();
      (errorType == null ? successTimer : timer(errorType))
          .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
      if (nanos > slowThresholdNanos) {
        LOG.atWarn()
            .addKeyValue("operation", name)
            .addKeyValue("duration_ms", nanos / 1_000_000)
            .addKeyValue("threshold_ms", slowThresholdNanos / 1_000_000)
            .log("slow operation");
      }
    } catch (RuntimeException e) {
      ContainedFailures.report("timing", e);
    }
  }

  private Timer timer(String errorType) {
    return Timer.builder(name)
        .tags(tags)
        .tag(ErrorAttributes.ERROR_TYPE.getKey(), errorType)
        .publishPercentileHistogram()
        .register(registry);
  }

  /** Builds a {@link Timing}. */
  public static final class Builder {
    private final Observability observability;
    private final String name;
    private Tags tags = Tags.empty();
    private Duration slowThreshold;

    private Builder(Observability observability, String name) {
      this.observability = Objects.requireNonNull(observability, "observability");
      this.name = Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
    }

    /**
     * Adds a tag to the timer. Values must come from a small, fixed set.
     *
     * @param key the tag key
     * @param value the tag value
     * @return this builder
     */
    public Builder tag(String key, String value) {
      tags = tags.and(Tag.of(key, value));
      return this;
    }

    /**
     * Sets the duration above which a WARN is logged.
     *
     * @param threshold the threshold
     * @return this builder
     */
    public Builder slowThreshold(Duration threshold) {
      Objects.requireNonNull(threshold, "threshold");
      if (threshold.isNegative()) {
        throw new IllegalArgumentException("threshold must not be negative");
      }
      this.slowThreshold = threshold;
      return this;
    }

    /**
     * Builds the timed operation.
     *
     * @return the timing
     */
    public Timing build() {
      return new Timing(this);
    }
  }
}
