package dev.observability.core.spi;

import org.jspecify.annotations.Nullable;

/**
 * The one rule for the {@code error.type} attribute and tag, shared by spans, metrics and logs of
 * every module, as the OpenTelemetry semantic conventions define it: the fully qualified class name
 * of the exception, else {@value #TIMEOUT} for a request that timed out, else the status code of a
 * response that counts as an error (5xx for a server), else nothing.
 *
 * <p>Spans carry the attribute only when there was an error. Metric tags cannot come and go
 * (Prometheus wants the same label names on every series of a metric), so metrics carry {@value
 * #NONE} on success.
 */
public final class ErrorTypes {

  /** The metric tag value when nothing failed; never set on spans. */
  public static final String NONE = "none";

  /** The value for an operation that timed out without an exception. */
  public static final String TIMEOUT = "timeout";

  private ErrorTypes() {}

  /**
   * Returns the error type of an exception: its fully qualified class name.
   *
   * @param failure the exception
   * @return the class name, such as {@code java.sql.SQLTimeoutException}
   */
  public static String of(Throwable failure) {
    return failure.getClass().getName();
  }

  /**
   * Returns the error type of a server response: the exception's class when there was one, else
   * {@value #TIMEOUT}, else the status code when it is 500 or above, else {@value #NONE}.
   *
   * @param failure the exception that escaped the handler, or {@code null}
   * @param status the status sent to the client
   * @param timedOut whether the request timed out
   * @return the error type, {@value #NONE} when the response is not an error
   */
  public static String ofServerResponse(@Nullable Throwable failure, int status, boolean timedOut) {
    if (failure != null) {
      return of(failure);
    }
    if (timedOut) {
      return TIMEOUT;
    }
    return status >= 500 ? statusCode(status) : NONE;
  }

  /**
   * Returns the error type of an outbound call: the exception's class when the call failed without
   * a response (connection refused, timeout), else the status code when it is 400 or above (for a
   * client every 4xx and 5xx answer is an error), else {@value #NONE}.
   *
   * @param failure what the call threw, or {@code null}
   * @param status the response status, or 0 when no response arrived
   * @return the error type, {@value #NONE} when the call succeeded
   */
  public static String ofClientResponse(@Nullable Throwable failure, int status) {
    if (failure != null) {
      return of(failure);
    }
    return status >= 400 ? statusCode(status) : NONE;
  }

  private static String statusCode(int status) {
    switch (status) { // the usual ones without a new string per request
      case 400:
        return "400";
      case 401:
        return "401";
      case 403:
        return "403";
      case 404:
        return "404";
      case 429:
        return "429";
      case 500:
        return "500";
      case 502:
        return "502";
      case 503:
        return "503";
      case 504:
        return "504";
      default:
        return Integer.toString(status);
    }
  }
}
