package dev.observability.servlet;

import dev.observability.core.Redaction;
import dev.observability.core.Redactor;
import dev.observability.core.RequestContext;
import dev.observability.core.spi.ContainedFailures;
import dev.observability.core.spi.JsonWriter;
import dev.observability.servlet.internal.ServerExchange;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * Writes error responses in the one JSON shape clients can rely on:
 *
 * <pre>{@code
 * {"error":{"code":"not_found","message":"Task 42 does not exist","details":{},
 *           "request_id":"01J...","timestamp":"2026-11-22T10:15:30.123Z"}}
 * }</pre>
 *
 * <p>Messages of server errors (5xx) are always replaced by a generic text: stack traces and
 * exception messages stay on the server, in the logs and the span, never in the body. Client-error
 * messages pass through the redactor of the request's filter ({@link
 * dev.observability.core.Observability#redactor()}), else {@link Redaction#defaults()}.
 *
 * <pre>{@code
 * if (task == null) {
 *   ErrorResponses.write(request, response, 404, "not_found", "Task " + id + " does not exist", null);
 *   return;
 * }
 * }</pre>
 */
public final class ErrorResponses {

  private ErrorResponses() {}

  /**
   * Writes the error body with {@code status}. Does nothing if the response is already committed.
   *
   * @param request the request, for the request ID
   * @param response the response
   * @param status the HTTP status
   * @param code a stable, machine-readable code such as {@code validation_failed}
   * @param message a human-readable message; replaced by a generic one for 5xx, and by the status's
   *     standard text when {@code null}
   * @param details further fields, such as the invalid fields; may be {@code null}
   * @throws IOException if writing fails
   */
  public static void write(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String code,
      @Nullable String message,
      @Nullable Map<String, ?> details)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    send(
        response,
        status,
        "application/json",
        body(redactor(request), requestId(request, response), status, code, message, details));
  }

  /**
   * Replaces whatever the response holds with {@code body}: status, content type, a {@code
   * Content-Length} that replaces one the application set, through the output stream or, when the
   * application took the writer already, the writer.
   */
  static void send(HttpServletResponse response, int status, String contentType, String body)
      throws IOException {
    response.resetBuffer();
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType(contentType);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setContentLength(bytes.length);
    ServletOutputStream out;
    try {
      out = response.getOutputStream();
    } catch (IllegalStateException writerTaken) {
      // The writer's encoding was fixed when it was taken; count the bytes in that one.
      response.setContentLength(
          body.getBytes(Charset.forName(response.getCharacterEncoding())).length);
      response.getWriter().write(body);
      return;
    }
    out.write(bytes);
  }

  /**
   * Writes the error body for an exception: {@link IllegalArgumentException} is 400 {@code
   * bad_request}, {@link NoSuchElementException} 404 {@code not_found}, {@link SecurityException}
   * 403 {@code forbidden}, {@link UnsupportedOperationException} 501 {@code not_implemented},
   * everything else 500 {@code internal_error}.
   *
   * @param request the request
   * @param response the response
   * @param failure the exception
   * @throws IOException if writing fails
   */
  public static void write(
      HttpServletRequest request, HttpServletResponse response, Throwable failure)
      throws IOException {
    int status = statusFor(failure);
    write(request, response, status, codeFor(status), failure.getMessage(), null);
  }

  /**
   * Returns the status an exception maps to.
   *
   * @param failure the exception
   * @return the HTTP status
   */
  public static int statusFor(Throwable failure) {
    if (failure instanceof IllegalArgumentException) {
      return 400;
    }
    if (failure instanceof SecurityException) {
      return 403;
    }
    if (failure instanceof NoSuchElementException) {
      return 404;
    }
    if (failure instanceof UnsupportedOperationException) {
      return 501;
    }
    return 500;
  }

  /**
   * Returns the default code for a status, such as {@code not_found} for 404.
   *
   * @param status the HTTP status
   * @return the code
   */
  public static String codeFor(int status) {
    switch (status) {
      case 400:
        return "bad_request";
      case 401:
        return "unauthorized";
      case 403:
        return "forbidden";
      case 404:
        return "not_found";
      case 405:
        return "method_not_allowed";
      case 406:
        return "not_acceptable";
      case 408:
        return "request_timeout";
      case 409:
        return "conflict";
      case 413:
        return "payload_too_large";
      case 415:
        return "unsupported_media_type";
      case 422:
        return "unprocessable_entity";
      case 429:
        return "too_many_requests";
      case 500:
        return "internal_error";
      case 501:
        return "not_implemented";
      case 502:
        return "bad_gateway";
      case 503:
        return "service_unavailable";
      case 504:
        return "gateway_timeout";
      default:
        return status >= 500 ? "internal_error" : "error";
    }
  }

  /**
   * Returns the standard message for a status, such as {@code Not Found}.
   *
   * @param status the HTTP status
   * @return the message
   */
  public static String reasonFor(int status) {
    switch (status) {
      case 400:
        return "Bad Request";
      case 401:
        return "Unauthorized";
      case 403:
        return "Forbidden";
      case 404:
        return "Not Found";
      case 405:
        return "Method Not Allowed";
      case 409:
        return "Conflict";
      case 413:
        return "Payload Too Large";
      case 415:
        return "Unsupported Media Type";
      case 422:
        return "Unprocessable Entity";
      case 429:
        return "Too Many Requests";
      case 501:
        return "Not Implemented";
      case 502:
        return "Bad Gateway";
      case 503:
        return "Service Unavailable";
      case 504:
        return "Gateway Timeout";
      default:
        return status >= 500 ? "Internal Server Error" : "Error";
    }
  }

  private static Redactor redactor(HttpServletRequest request) {
    ServerExchange exchange = ServerExchange.of(request);
    return exchange != null ? exchange.redactor() : Redaction.defaults();
  }

  static String body(
      Redactor redactor,
      String requestId,
      int status,
      @Nullable String code,
      @Nullable String message,
      @Nullable Map<String, ?> details) {
    String safeMessage = reasonFor(status);
    if (status < 500 && message != null && !message.isBlank()) {
      try {
        safeMessage = redactor.redact(message);
      } catch (RuntimeException e) {
        ContainedFailures.report("redactor", e); // the standard text rather than the raw one
      }
    }
    StringBuilder out = new StringBuilder(160);
    out.append("{\"error\":{\"code\":");
    JsonWriter.string(out, code == null ? codeFor(status) : code);
    out.append(",\"message\":");
    JsonWriter.string(out, safeMessage);
    out.append(",\"details\":");
    JsonWriter.append(out, details == null ? Map.of() : details);
    out.append(",\"request_id\":");
    JsonWriter.append(out, requestId);
    out.append(",\"timestamp\":");
    JsonWriter.string(out, Instant.now().toString());
    out.append("}}");
    return out.toString();
  }

  private static String requestId(HttpServletRequest request, HttpServletResponse response) {
    RequestContext context = RequestContext.current();
    if (context != null) {
      return context.requestId();
    }
    Object attribute = request.getAttribute(RequestObservabilityFilter.REQUEST_ID_ATTRIBUTE);
    if (attribute != null) {
      return attribute.toString();
    }
    return response.getHeader(RequestObservabilityFilter.DEFAULT_REQUEST_ID_HEADER);
  }
}
