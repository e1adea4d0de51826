package dev.observability.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.core.Redaction;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {

  @Test
  void serverErrorMessagesNeverReachTheBody() {
    String body =
        ErrorResponses.body(
            Redaction.defaults(),
            "req-1",
            500,
            "internal_error",
            "java.sql.SQLException: password=x at db-internal:5432",
            null);
    assertThat(body)
        .contains("\"message\":\"Internal Server Error\"")
        .doesNotContain("db-internal", "password");
  }

  @Test
  void escapesEverythingThatCouldBreakOutOfTheJson() {
    String body =
        ErrorResponses.body(
            Redaction.defaults(),
            "req-\"1",
            400,
            "bad\"code",
            "line\nbreak </script>\u2028",
            Map.of("fields", List.of("a\"b", 1, true)));
    assertThat(body)
        .contains(
            "\"request_id\":\"req-\\\"1\"",
            "\"code\":\"bad\\\"code\"",
            "line\\nbreak \\u003c/script\\u003e\\u2028",
            "\"details\":{\"fields\":[\"a\\\"b\",1,true]}");
  }

  @Test
  void mapsExceptionsToStatusesAndCodes() {
    assertThat(ErrorResponses.statusFor(new IllegalArgumentException())).isEqualTo(400);
    assertThat(ErrorResponses.statusFor(new SecurityException())).isEqualTo(403);
    assertThat(ErrorResponses.statusFor(new NoSuchElementException())).isEqualTo(404);
    assertThat(ErrorResponses.statusFor(new UnsupportedOperationException())).isEqualTo(501);
    assertThat(ErrorResponses.statusFor(new RuntimeException())).isEqualTo(500);
    assertThat(ErrorResponses.codeFor(429)).isEqualTo("too_many_requests");
  }
}
