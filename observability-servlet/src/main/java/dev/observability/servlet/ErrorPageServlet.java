package dev.observability.servlet;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * An error page that answers every error dispatch (uncaught exceptions, {@code sendError}) with the
 * JSON body of {@link ErrorResponses}, so a client never sees a container's HTML page, a stack
 * trace or an exception message of a server error.
 *
 * <p>With {@link RequestObservabilityFilter} in front, uncaught exceptions are answered by the
 * filter and never reach an error page, so this page serves {@code sendError} and requests the
 * container rejects. It matters most where the filter's own answers are {@linkplain
 * RequestObservabilityFilterBuilder#errorAnswers(boolean) switched off}: it then keeps the status
 * the container dispatched (500 for an uncaught exception), the status the filter recorded too, and
 * shows no exception message, whatever the status.
 *
 * <pre>{@code
 * <error-page>
 *   <location>/error</location>
 * </error-page>
 * <servlet><servlet-name>error</servlet-name>
 *   <servlet-class>dev.observability.servlet.ErrorPageServlet</servlet-class></servlet>
 * <servlet-mapping><servlet-name>error</servlet-name><url-pattern>/error</url-pattern></servlet-mapping>
 * }</pre>
 */
public final class ErrorPageServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** Creates the servlet. */
  public ErrorPageServlet() {}

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    int status = code instanceof Integer ? (Integer) code : 500;
    // An exception's message was never written for a client; a sendError message of a client
    // error was (the filter has redacted it already, the body redacts it again).
    String message = null;
    if (!(exception instanceof Throwable) && status < 500) {
      Object text = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
      message = text == null ? null : text.toString();
    }
    // No response.reset(): it would drop headers set before the error, the request ID among them.
    ErrorResponses.write(request, response, status, ErrorResponses.codeFor(status), message, null);
  }
}
