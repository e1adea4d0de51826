package dev.observability.containers;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * A web application that fails the ways real ones do: uncaught exceptions carrying secrets in their
 * messages, a framework's {@link ServletException} wrapper, {@code sendError} with a message, a
 * response reset before the failure.
 */
final class Application implements ServletContainerInitializer {

  static final String SECRET = "password=hunter2 at db-internal.corp:5432";

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    context.addServlet("fail", new Failing()).addMapping("/fail/*");
    context.addServlet("send-error", new SendingErrors()).addMapping("/send-error/*");
    context.addServlet("ok", new Ok()).addMapping("/ok");
  }

  static final class Failing extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws ServletException, IOException {
      switch (request.getPathInfo()) {
        case "/runtime" -> throw new IllegalStateException("query failed: " + SECRET);
        case "/argument" -> throw new IllegalArgumentException("no user jane@example.com");
        case "/wrapped" ->
            throw new ServletException(
                "Request processing failed", new IllegalStateException("failed: " + SECRET));
        case "/io" -> throw new IOException("disk full: " + SECRET);
        case "/after-reset" -> {
          response.setHeader("X-Partial", "yes");
          response.getWriter().write("half a page");
          response.reset();
          throw new IllegalStateException("after reset: " + SECRET);
        }
        case "/stream-taken" -> {
          response.getOutputStream().write("partial".getBytes());
          throw new IllegalStateException("stream taken: " + SECRET);
        }
        default -> throw new UnsupportedOperationException(request.getPathInfo());
      }
    }
  }

  static final class SendingErrors extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      switch (request.getPathInfo()) {
        case "/500" -> response.sendError(500, "lookup failed: " + SECRET);
        case "/503" -> response.sendError(503, "pool exhausted: " + SECRET);
        case "/404" -> response.sendError(404, "no user jane@example.com");
        default -> response.sendError(400);
      }
    }
  }

  static final class Ok extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setContentType("text/plain");
      response.getWriter().write("ok");
    }
  }
}
