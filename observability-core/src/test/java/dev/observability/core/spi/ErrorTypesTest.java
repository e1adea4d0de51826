package dev.observability.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class ErrorTypesTest {

  @Test
  void aServerErrsFrom500AndAClientFrom400() {
    assertThat(ErrorTypes.ofServerResponse(null, 404, false)).isEqualTo(ErrorTypes.NONE);
    assertThat(ErrorTypes.ofServerResponse(null, 503, false)).isEqualTo("503");
    assertThat(ErrorTypes.ofClientResponse(null, 204)).isEqualTo(ErrorTypes.NONE);
    assertThat(ErrorTypes.ofClientResponse(null, 399)).isEqualTo(ErrorTypes.NONE);
    assertThat(ErrorTypes.ofClientResponse(null, 404)).isEqualTo("404");
    assertThat(ErrorTypes.ofClientResponse(null, 418)).isEqualTo("418");
    assertThat(ErrorTypes.ofClientResponse(null, 502)).isEqualTo("502");
  }

  @Test
  void aFailureWithoutAnAnswerIsItsClass() {
    assertThat(ErrorTypes.ofClientResponse(new ConnectException("refused"), 0))
        .isEqualTo("java.net.ConnectException");
  }

  @Test
  void methodsOutsideTheStandardOnesAreOneLabel() {
    assertThat(HttpConventions.method("PATCH")).isEqualTo("PATCH");
    assertThat(HttpConventions.method("get")).isEqualTo(HttpConventions.OTHER_METHOD);
    assertThat(HttpConventions.method("PROPFIND")).isEqualTo(HttpConventions.OTHER_METHOD);
  }
}
