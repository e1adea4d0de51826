package dev.observability.servlet.internal;

import dev.observability.core.spi.ErrorTypes;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * How a request ended, computed once and handed to every signal: the status the client got, the
 * bounded route, the {@code error.type} by the one rule of {@link ErrorTypes}, and how long it
 * took.
 *
 * @param status the response status
 * @param route the bounded route
 * @param errorType the error type, {@link ErrorTypes#NONE} when the response is no error
 * @param failure what escaped the application, or {@code null}
 * @param durationNanos from the request's start to now
 */
record Outcome(
    int status, String route, String errorType, @Nullable Throwable failure, long durationNanos) {

  static Outcome of(
      ServerExchange exchange, @Nullable HttpServletResponse response, RouteResolver routes) {
    long nanos = System.nanoTime() - exchange.startNanos();
    Throwable failure = exchange.failure();
    int status = response == null ? 500 : response.getStatus();
    if (exchange.answeredStatus() != 0) {
      status = exchange.answeredStatus(); // the filter's own answer, committed or not
    } else if (failure != null && (response == null || !response.isCommitted())) {
      status = 500; // what the container answers an exception that reaches it
    }
    if (exchange.isTimedOut() && status < 400) {
      status = 503;
    }
    String errorType = ErrorTypes.ofServerResponse(failure, status, exchange.isTimedOut());
    RouteResolver.Candidate route = routes.atEnd(exchange.request, exchange.route, status);
    return new Outcome(status, routes.bound(route, status), errorType, failure, nanos);
  }

  /** Whether the request counts as failed: an exception, a timeout or a server error. */
  boolean isError() {
    return !ErrorTypes.NONE.equals(errorType);
  }
}
