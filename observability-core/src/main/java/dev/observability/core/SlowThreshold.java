package dev.observability.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets the slow threshold of one method observed by {@link Observed}: a call that takes longer logs
 * one WARN {@code slow operation}. Without it the threshold is {@value
 * ObservabilityConfig#SLOW_THRESHOLD} (1 s). Neither OpenTelemetry's nor Micrometer's annotations
 * have this meaning, hence our own.
 *
 * <pre>{@code
 * @WithSpan
 * @SlowThreshold(millis = 200)
 * Reservation reserve(Order order);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SlowThreshold {

  /**
   * The threshold.
   *
   * @return milliseconds
   */
  long millis();
}
