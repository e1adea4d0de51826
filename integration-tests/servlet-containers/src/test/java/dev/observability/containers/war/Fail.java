package dev.observability.containers.war;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A handler that fails with a secret in its message, as real ones do. */
public class Fail extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) {
    throw new IllegalStateException("could not charge 4111 1111 1111 1111: password=hunter2");
  }
}
