package dev.observability.servlet;

import dev.observability.core.Redactor;
import dev.observability.core.spi.ContainedFailures;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filter's own answer to a failure the application did not handle, so that no container's
 * default error page (Tomcat's and Undertow's show the stack trace, Jetty's the message) ever
 * reaches a client.
 *
 * <p>The answer has the status {@link ErrorResponses#statusFor} maps the exception to and only the
 * status's standard text: the exception escaped the application, so its message was never written
 * for a client, whatever the status. The body is the JSON of {@link ErrorResponses}, or a minimal
 * HTML or plain-text page when the client prefers that. The exception is logged once on {@value
 * RequestObservabilityFilter#ERROR_LOGGER} with its stack trace, while the request's IDs are in the
 * MDC.
 */
final class ErrorAnswers {

  private static final Logger LOG =
      LoggerFactory.getLogger(RequestObservabilityFilter.ERROR_LOGGER);

  private ErrorAnswers() {}

  /**
   * Returns the exception that explains a failure: containers and frameworks wrap the application's
   * exception in a {@link ServletException} ("Request processing failed"), which says nothing.
   */
  static Throwable cause(Throwable failure) {
    Throwable cause = failure;
    for (int depth = 0; depth < 8 && cause instanceof ServletException; depth++) {
      Throwable root = ((ServletException) cause).getRootCause();
      if (root == null || root == cause) {
        break;
      }
      cause = root;
    }
    return cause;
  }

  /**
   * Answers an uncaught failure when the response is not committed yet.
   *
   * @return the status answered, or 0 when the response was committed and the caller must rethrow
   */
  static int answer(
      HttpServletRequest request,
      HttpServletResponse response,
      Throwable failure,
      Throwable cause,
      Redactor redactor,
      String requestIdHeader,
      String requestId) {
    if (response.isCommitted()) {
      return 0;
    }
    int status = ErrorResponses.statusFor(cause);
    LOG.atError()
        .setCause(failure)
        .addKeyValue("status_code", status)
        .log("Uncaught {} answered with {}", cause.getClass().getName(), status);
    try {
      // Some applications reset the response before failing; the ID must survive that.
      response.setHeader(requestIdHeader, requestId);
      Format format = Format.preferredBy(request.getHeader("Accept"));
      ErrorResponses.send(
          response, status, format.contentType, format.body(redactor, requestId, status));
    } catch (IOException | RuntimeException e) {
      // The client went away or the container refused: nothing more can reach the client, and the
      // failure is recorded already.
      ContainedFailures.report("servlet-error-answer", e);
    }
    return status;
  }

  /**
   * The body formats, chosen by the client's {@code Accept} header; JSON unless asked otherwise.
   */
  enum Format {
    JSON("application/json"),
    HTML("text/html"),
    PLAIN("text/plain");

    final String contentType;

    Format(String contentType) {
      this.contentType = contentType;
    }

    String body(Redactor redactor, String requestId, int status) {
      String reason = ErrorResponses.reasonFor(status);
      switch (this) {
        case HTML:
          return "<!doctype html><html><head><meta charset=\"utf-8\"><title>"
              + status
              + " "
              + reason
              + "</title></head><body><h1>"
              + reason
              + "</h1><p>Request ID: "
              + requestId
              + "</p></body></html>\n";
        case PLAIN:
          return status + " " + reason + "\nRequest ID: " + requestId + "\n";
        default:
          return ErrorResponses.body(
              redactor, requestId, status, ErrorResponses.codeFor(status), reason, null);
      }
    }

    /**
     * The format of the media range with the highest quality; JSON wins ties, {@code *}{@code /*}
     * and a missing header, since an API client that names nothing expects JSON.
     */
    static Format preferredBy(@Nullable String accept) {
      if (accept == null || accept.isBlank()) {
        return JSON;
      }
      Format best = JSON;
      double bestQuality = -1;
      for (String range : accept.split(",")) {
        String[] parts = range.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        double quality = quality(parts);
        Format format;
        if (type.equals("application/json")
            || type.endsWith("+json")
            || type.equals("application/*")
            || type.equals("*/*")) {
          format = JSON;
        } else if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
          format = HTML;
        } else if (type.equals("text/plain") || type.equals("text/*")) {
          format = PLAIN;
        } else {
          continue;
        }
        if (quality > bestQuality || (quality == bestQuality && format == JSON)) {
          best = format;
          bestQuality = quality;
        }
      }
      return bestQuality <= 0 ? JSON : best;
    }

    private static double quality(String[] parameters) {
      for (int i = 1; i < parameters.length; i++) {
        String parameter = parameters[i].trim();
        if (parameter.startsWith("q=")) {
          try {
            return Double.parseDouble(parameter.substring(2));
          } catch (NumberFormatException e) {
            return 0;
          }
        }
      }
      return 1;
    }
  }

  /**
   * Keeps server-error messages passed to {@code sendError} away from the client: the container
   * would render them on its error page. Client-error messages pass through the redactor.
   */
  static final class SafeSendError extends HttpServletResponseWrapper {
    private final Redactor redactor;

    SafeSendError(HttpServletResponse response, Redactor redactor) {
      super(response);
      this.redactor = redactor;
    }

    @Override
    public void sendError(int status, @Nullable String message) throws IOException {
      if (status >= 500 || message == null) {
        super.sendError(status);
        return;
      }
      String safe;
      try {
        safe = redactor.redact(message);
      } catch (RuntimeException e) {
        ContainedFailures.report("redactor", e);
        super.sendError(status); // without a message rather than with an unredacted one
        return;
      }
      super.sendError(status, safe);
    }
  }
}
