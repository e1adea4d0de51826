package dev.observability.core.spi;

import java.time.Duration;

/**
 * What the HTTP server and client instrumentations share from OpenTelemetry's semantic conventions:
 * the bounded method label and the duration histogram's bucket boundaries.
 */
public final class HttpConventions {

  private static final String[] METHODS = {
    "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"
  };

  /** The semantic conventions' advice for HTTP durations, plus 2 s for the latency alert. */
  private static final Duration[] DURATION_BUCKETS = {
    Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
    Duration.ofMillis(75), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
    Duration.ofMillis(750), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(2500),
    Duration.ofSeconds(5), Duration.ofMillis(7500), Duration.ofSeconds(10)
  };

  /** The label of a method outside the standard ones: methods come from callers, not code. */
  public static final String OTHER_METHOD = "_OTHER";

  private HttpConventions() {}

  /**
   * Returns the method as a bounded label: one of the standard methods or {@value #OTHER_METHOD}.
   *
   * @param method the request method
   * @return the label
   */
  public static String method(String method) {
    for (String known : METHODS) {
      if (known.equals(method)) {
        return known;
      }
    }
    return OTHER_METHOD;
  }

  /**
   * Returns the bucket boundaries of {@code http.server.request.duration} and {@code
   * http.client.request.duration}.
   *
   * @return a new array of the boundaries, shortest first
   */
  public static Duration[] durationBuckets() {
    return DURATION_BUCKETS.clone();
  }
}
