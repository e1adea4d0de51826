package dev.observability.servlet.internal;

import dev.observability.core.spi.HttpConventions;
import dev.observability.servlet.RequestObservabilityFilter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server metrics of the design: {@code http.server.request.duration} (seconds, with the
 * OpenTelemetry semantic-convention bucket boundaries) and {@code http.server.active_requests}.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class HttpServerMetrics {

  private static final String DURATION = RequestObservabilityFilter.METRIC_REQUEST_DURATION;
  private static final String ACTIVE = RequestObservabilityFilter.METRIC_ACTIVE_REQUESTS;

  private static final Duration[] BUCKETS = HttpConventions.durationBuckets();

  private final MeterRegistry registry;
  private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();

  /**
   * Creates the metrics on {@code registry}.
   *
   * @param registry the registry
   */
  public HttpServerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Counts a request as in flight.
   *
   * @param method a bounded method label
   */
  public void started(String method) {
    active.computeIfAbsent(method, this::registerGauge).incrementAndGet();
  }

  /**
   * Records a finished request.
   *
   * @param method a bounded method label
   * @param route a bounded route
   * @param status the response status
   * @param errorType the error type, {@code none} when there was none
   * @param nanos the duration
   */
  public void finished(String method, String route, int status, String errorType, long nanos) {
    AtomicInteger inFlight = active.get(method);
    if (inFlight != null) {
      inFlight.decrementAndGet();
    }
    TimerKey key = new TimerKey(method, route, status, errorType);
    Timer timer = timers.get(key);
    if (timer == null) {
      timer = timers.computeIfAbsent(key, this::registerTimer);
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private AtomicInteger registerGauge(String method) {
    AtomicInteger value = new AtomicInteger();
    Gauge.builder(ACTIVE, value, AtomicInteger::get)
        .tag(HttpAttributes.HTTP_REQUEST_METHOD.getKey(), method)
        .description("Requests being served")
        .register(registry);
    return value;
  }

  private Timer registerTimer(TimerKey key) {
    return Timer.builder(DURATION)
        .description("Duration of HTTP server requests")
        .tags(
            Tags.of(
                HttpAttributes.HTTP_REQUEST_METHOD.getKey(), key.method,
                HttpAttributes.HTTP_ROUTE.getKey(), key.route,
                HttpAttributes.HTTP_RESPONSE_STATUS_CODE.getKey(), Integer.toString(key.status),
                ErrorAttributes.ERROR_TYPE.getKey(), key.errorType))
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  private static final class TimerKey {
    final String method;
    final String route;
    final int status;
    final String errorType;
    final int hash;

    TimerKey(String method, String route, int status, String errorType) {
      this.method = method;
      this.route = route;
      this.status = status;
      this.errorType = errorType;
      // By hand: Objects.hash would box the status and allocate an array on every request.
      this.hash =
          ((method.hashCode() * 31 + route.hashCode()) * 31 + status) * 31 + errorType.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof TimerKey)) {
        return false;
      }
      TimerKey k = (TimerKey) o;
      return status == k.status
          && method.equals(k.method)
          && route.equals(k.route)
          && errorType.equals(k.errorType);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
