package dev.observability.examples.todo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.observability.servlet.ErrorResponses;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code GET/POST /api/tasks}, {@code GET/PUT/DELETE /api/tasks/{id}} and {@code POST
 * /api/tasks/{id}/remind} for the logged-in user; another user's task answers 404.
 */
final class TaskServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** Where the authenticated user's ID goes, for the filter's user_id. */
  static final String USER_ATTRIBUTE = "todo.userId";

  private static final String REMIND = "/remind";

  private final transient Users users;
  private final transient TaskService tasks;
  private final transient Mail mail;

  TaskServlet(Users users, TaskService tasks, Mail mail) {
    this.users = users;
    this.tasks = tasks;
    this.mail = mail;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    try {
      OptionalLong user = authenticate(request);
      if (user.isEmpty()) {
        response.setHeader("WWW-Authenticate", "Bearer");
        ErrorResponses.write(
            request, response, 401, "unauthorized", "a valid bearer token is required", null);
        return;
      }
      long userId = user.getAsLong();
      request.setAttribute(USER_ATTRIBUTE, Long.toString(userId));
      String path = request.getPathInfo();
      String method = request.getMethod();
      if (path == null || path.equals("/")) {
        switch (method) {
          case "GET" -> Api.write(response, 200, tasks.list(userId));
          case "POST" -> {
            JsonNode body = Api.body(request);
            Api.write(response, 201, tasks.create(userId, Api.text(body, "title", 200, true)));
          }
          default ->
              ErrorResponses.write(
                  request, response, 405, "method_not_allowed", "Method Not Allowed", null);
        }
        return;
      }
      boolean remind = path.endsWith(REMIND);
      long taskId;
      try {
        taskId =
            Long.parseLong(
                path.substring(1, remind ? path.length() - REMIND.length() : path.length()));
      } catch (NumberFormatException e) {
        ErrorResponses.write(request, response, 404, "not_found", "no such task", null);
        return;
      }
      if (remind) {
        remind(request, response, userId, taskId);
        return;
      }
      Optional<Task> result =
          switch (method) {
            case "GET" -> tasks.find(userId, taskId);
            case "PUT" -> {
              JsonNode body = Api.body(request);
              JsonNode done = body.get("done");
              if (done != null && !done.isBoolean()) {
                throw new Api.Invalid("done", "done must be true or false");
              }
              yield tasks.update(
                  userId,
                  taskId,
                  Api.text(body, "title", 200, false),
                  done == null ? null : done.asBoolean());
            }
            case "DELETE" ->
                tasks.delete(userId, taskId)
                    ? Optional.of(new Task(taskId, null, false))
                    : Optional.empty();
            default -> null;
          };
      if (result == null) {
        ErrorResponses.write(
            request, response, 405, "method_not_allowed", "Method Not Allowed", null);
      } else if (result.isEmpty()) {
        ErrorResponses.write(request, response, 404, "not_found", "no such task", null);
      } else if (method.equals("DELETE")) {
        response.setStatus(204);
      } else {
        Api.write(response, 200, result.get());
      }
    } catch (Api.Invalid invalid) {
      Api.invalid(request, response, invalid);
    } catch (SQLException e) {
      throw new IOException("database failure", e);
    }
  }

  /** {@code POST /api/tasks/{id}/remind}: queues a reminder e-mail to the task's owner. */
  private void remind(
      HttpServletRequest request, HttpServletResponse response, long userId, long taskId)
      throws IOException, SQLException {
    if (!request.getMethod().equals("POST")) {
      ErrorResponses.write(
          request, response, 405, "method_not_allowed", "Method Not Allowed", null);
      return;
    }
    String email = users.email(userId);
    if (tasks.find(userId, taskId).isEmpty() || email == null) {
      ErrorResponses.write(request, response, 404, "not_found", "no such task", null);
      return;
    }
    mail.send(email, "reminder");
    Api.write(response, 202, Map.of("reminder", "queued"));
  }

  private OptionalLong authenticate(HttpServletRequest request) throws SQLException {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return OptionalLong.empty();
    }
    return users.authenticate(header.substring(7).trim());
  }
}
