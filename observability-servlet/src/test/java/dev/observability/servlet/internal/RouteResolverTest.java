package dev.observability.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteResolverTest {

  @ParameterizedTest
  @CsvSource({
    "/api/tasks/42, /api/tasks/{id}",
    "/api/tasks/550e8400-e29b-41d4-a716-446655440000/comments, /api/tasks/{id}/comments",
    "/files/a1b2c3d4e5f6a7b8c9d0, /files/{id}",
    "/users/jane@example.com, /users/{id}",
    "/t/eyJhbGciOiJIUzI1NiJ9abc123, /t/{id}",
    "/orders/INV-2024-0001, /orders/{id}",
    "/sessions/01HZX3V5Q7M8N9P0R1S2T3V4W5, /sessions/{id}",
    "/api/v1/status, /api/v1/status",
    "/health/live, /health/live",
    "/, /"
  })
  void normaliserReplacesIdLikeSegments(String path, String expected) {
    assertThat(RouteNormaliser.normalise(path)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"v2", "api", "status", "oauth2", "tasks", "item-list"})
  void ordinaryWordsAreKept(String segment) {
    assertThat(RouteNormaliser.isIdLike(segment)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "/api/tasks/{id}, /api/tasks/42, true",
    "/api/tasks/{id}, /api/tasks, false",
    "/api/tasks/{id}, /api/tasks/42/comments, false",
    "/api/tasks/{id}, /api/tasks/, true",
    "/api/tasks/{id}/comments, /api/tasks/7/comments, true",
    "/api/tasks/{id}/comments, /api/tasks/7/comment, false",
    "/api/tasks, /api/tasks, true",
    "/api/tasks, /api/tasksx, false",
    "/api/tasks, /api/task, false",
    "/files/**, /files/a/b/c, true",
    "/files/**, /files, true",
    "/a/*/c, /a/b/c, true",
    "/, /, true",
    "/, /x, false",
  })
  void templatesMatchWholeSegments(String template, String path, boolean expected) {
    String[] parts = template.equals("/") ? new String[0] : template.substring(1).split("/", -1);
    assertThat(RouteResolver.matches(parts, path)).isEqualTo(expected);
  }
}
