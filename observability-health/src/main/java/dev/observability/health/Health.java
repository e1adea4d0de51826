package dev.observability.health;

import dev.observability.core.Redaction;
import dev.observability.core.Redactor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one health check: a status, and optionally a message and details.
 *
 * <p>The message and details are shown only to callers allowed to see details (see {@link
 * ShowDetails}); the anonymous body of the endpoints carries statuses and the {@linkplain #reason()
 * reason} only. Messages are redacted before they are shown or logged.
 *
 * <pre>{@code
 * return queue.depth() < 10_000
 *     ? Health.up().withDetail("depth", queue.depth())
 *     : Health.degraded("queue backing up").withDetail("depth", queue.depth());
 * }</pre>
 */
public final class Health {

  /** The status of a single check. */
  public enum Status {
    /** Working. */
    UP,
    /** Working, but impaired. */
    DEGRADED,
    /** Not working. */
    DOWN;

    /** The lower-case name used in JSON bodies. */
    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final Health UP = new Health(Status.UP, null, null, Map.of(), true);

  private final Status status;
  private final String reason;
  private final String message;
  private final Map<String, Object> details;

  /** Whether the registry's redactor already masked {@link #message}. */
  private final boolean messageRedacted;

  private Health(Status status, String reason, String message, Map<String, Object> details) {
    this(status, reason, message, details, false);
  }

  private Health(
      Status status,
      String reason,
      String message,
      Map<String, Object> details,
      boolean messageRedacted) {
    this.status = status;
    this.reason = reason;
    this.message = message;
    this.details = details;
    this.messageRedacted = messageRedacted;
  }

  /**
   * Returns a healthy result.
   *
   * @return an UP result
   */
  public static Health up() {
    return UP;
  }

  /**
   * Returns a degraded result.
   *
   * @param message why, shown only with details
   * @return a DEGRADED result
   */
  public static Health degraded(String message) {
    return new Health(Status.DEGRADED, null, message, Map.of());
  }

  /**
   * Returns a failed result.
   *
   * @param message why, shown only with details
   * @return a DOWN result
   */
  public static Health down(String message) {
    return new Health(Status.DOWN, null, message, Map.of());
  }

  /**
   * Returns a failed result for an exception; reason {@code exception}, message the exception's.
   *
   * @param failure what was thrown
   * @return a DOWN result
   */
  public static Health down(Throwable failure) {
    String text =
        failure.getClass().getSimpleName()
            + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    return new Health(Status.DOWN, "exception", text, Map.of());
  }

  /**
   * Returns a failed result with a reason code, which anonymous callers see (the message they do
   * not): such as {@code timeout} or {@code connection_refused}.
   *
   * @param reason a short, stable code
   * @param message why, shown only with details
   * @return a DOWN result
   */
  public static Health down(String reason, String message) {
    return new Health(Status.DOWN, reason, message, Map.of());
  }

  /**
   * Returns a copy with a detail added, shown only with details.
   *
   * @param key the detail name
   * @param value the detail value: a string, number, boolean, list or map
   * @return the copy
   */
  public Health withDetail(String key, Object value) {
    Objects.requireNonNull(key, "key");
    Map<String, Object> copy = new LinkedHashMap<>(details);
    copy.put(key, value);
    return new Health(status, reason, message, Collections.unmodifiableMap(copy));
  }

  /**
   * Returns the status.
   *
   * @return the status
   */
  public Status status() {
    return status;
  }

  /**
   * Returns a short, enumerated reason safe to show anonymously: {@code timeout}, {@code
   * exception}, {@code no_result}, {@code rejected}, or {@code null}.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }

  /**
   * Returns the message, redacted.
   *
   * @return the message, or {@code null}
   */
  public @Nullable String message() {
    return message == null || messageRedacted ? message : Redaction.forLog(message);
  }

  /** A copy whose message {@code redactor} has masked, as the registry does with every result. */
  Health redactedWith(Redactor redactor) {
    if (messageRedacted || message == null) {
      return this;
    }
    return new Health(status, reason, redactor.forLog(message), details, true);
  }

  /**
   * Returns the details.
   *
   * @return an unmodifiable map
   */
  public Map<String, Object> details() {
    return details;
  }

  @Override
  public String toString() {
    return status.json() + (reason == null ? "" : " (" + reason + ")");
  }
}
