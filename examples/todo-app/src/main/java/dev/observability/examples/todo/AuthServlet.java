package dev.observability.examples.todo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.observability.servlet.ErrorResponses;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;
import java.util.OptionalLong;

/** {@code POST /api/auth/register} and {@code POST /api/auth/login}. */
final class AuthServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private final transient Users users;
  private final transient Mail mail;
  private final transient LoginRateLimiter loginLimit;

  AuthServlet(Users users, Mail mail, LoginRateLimiter loginLimit) {
    this.users = users;
    this.mail = mail;
    this.loginLimit = loginLimit;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    try {
      JsonNode body = Api.body(request);
      String email = Api.text(body, "email", 320, true);
      String password = Api.text(body, "password", 200, true);
      if ("/register".equals(request.getPathInfo())) {
        if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
          throw new Api.Invalid("email", "email must be an e-mail address");
        }
        if (password.length() < 8) {
          throw new Api.Invalid("password", "password must be at least 8 characters");
        }
        OptionalLong id = users.register(email, password);
        if (id.isEmpty()) {
          ErrorResponses.write(
              request,
              response,
              409,
              "conflict",
              "that e-mail address is already registered",
              null);
          return;
        }
        mail.send(email, "welcome"); // queued: the answer never waits for the mailer
        Api.write(response, 201, Map.of("id", id.getAsLong()));
      } else if ("/login".equals(request.getPathInfo())) {
        if (!loginLimit.tryAcquire(email)) {
          response.setHeader("Retry-After", Long.toString(loginLimit.secondsToNextWindow()));
          ErrorResponses.write(
              request, response, 429, "rate_limited", "too many login attempts", null);
          return;
        }
        String token = users.login(email, password);
        if (token == null) {
          ErrorResponses.write(request, response, 401, "unauthorized", "bad credentials", null);
          return;
        }
        Api.write(response, 200, Map.of("token", token, "token_type", "Bearer"));
      } else {
        ErrorResponses.write(request, response, 404, "not_found", "Not Found", null);
      }
    } catch (Api.Invalid invalid) {
      Api.invalid(request, response, invalid);
    } catch (SQLException e) {
      throw new IOException("database failure", e);
    }
  }
}
