package dev.observability.servlet.internal;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Finishes an asynchronous request when its async cycle completes, remembering a timeout or an
 * error on the way; re-registers itself when the application starts a new cycle.
 *
 * <p>Internal; not for public use, may change at any time.
 */
final class AsyncCompletion implements AsyncListener {

  private final ServerExchange exchange;
  private final HttpServerObservation observation;

  AsyncCompletion(ServerExchange exchange, HttpServerObservation observation) {
    this.exchange = exchange;
    this.observation = observation;
  }

  @Override
  public void onComplete(AsyncEvent event) {
    HttpServletResponse response =
        event.getSuppliedResponse() instanceof HttpServletResponse
            ? (HttpServletResponse) event.getSuppliedResponse()
            : exchange.response;
    try (ServerExchange.Scope scope = exchange.open()) {
      observation.finish(exchange, response);
    }
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    exchange.timedOut();
  }

  @Override
  public void onError(AsyncEvent event) {
    if (event.getThrowable() != null) {
      exchange.failed(event.getThrowable());
    }
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    event.getAsyncContext().addListener(this);
  }
}
