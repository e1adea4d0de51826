package dev.observability.examples.todo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.observability.servlet.ErrorResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** JSON in and out, and the validation errors of the design's error format. */
final class Api {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 64 * 1024;

  private Api() {}

  /** Thrown for a request the client must fix; rendered as 400. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    final String field;

    Invalid(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }

  static JsonNode body(HttpServletRequest request) throws IOException, Invalid {
    if (request.getContentLengthLong() > MAX_BODY) {
      throw new Invalid("body", "body too large");
    }
    try {
      JsonNode node = JSON.readTree(request.getInputStream().readNBytes(MAX_BODY + 1));
      if (node == null || !node.isObject()) {
        throw new Invalid("body", "a JSON object is required");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new Invalid("body", "malformed JSON");
    }
  }

  static String text(JsonNode body, String field, int maxLength, boolean required) throws Invalid {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new Invalid(field, field + " is required");
      }
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new Invalid(field, field + " must be a non-empty string");
    }
    if (value.asText().length() > maxLength) {
      throw new Invalid(field, field + " must be at most " + maxLength + " characters");
    }
    return value.asText().trim();
  }

  static void write(HttpServletResponse response, int status, Object body) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    JSON.writeValue(response.getOutputStream(), body);
  }

  static void invalid(HttpServletRequest request, HttpServletResponse response, Invalid invalid)
      throws IOException {
    ErrorResponses.write(
        request,
        response,
        400,
        "validation_failed",
        invalid.getMessage(),
        Map.of("field", invalid.field));
  }
}
