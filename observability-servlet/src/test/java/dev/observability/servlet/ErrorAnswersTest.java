package dev.observability.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.core.Redaction;
import jakarta.servlet.ServletException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class ErrorAnswersTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json|JSON",
        "*/*|JSON",
        "application/problem+json|JSON",
        "image/png|JSON",
        "application/json, text/html|JSON",
        "text/html, application/json|JSON",
        "text/html;q=0.9, application/json;q=0.5|HTML",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8|HTML",
        "text/plain|PLAIN",
        "text/*;q=0.8, */*;q=0.1|PLAIN",
        "text/html;q=0|JSON",
        "text/html;q=abc, text/plain|PLAIN"
      })
  void theFormatFollowsTheAcceptHeaderAndJsonWinsTies(String accept, ErrorAnswers.Format format) {
    assertThat(ErrorAnswers.Format.preferredBy(accept)).isEqualTo(format);
  }

  @ParameterizedTest
  @NullAndEmptySource
  void noAcceptHeaderMeansJson(String accept) {
    assertThat(ErrorAnswers.Format.preferredBy(accept)).isEqualTo(ErrorAnswers.Format.JSON);
  }

  @org.junit.jupiter.api.Test
  void theCauseLooksThroughServletExceptionWrappersOnly() {
    IllegalStateException root = new IllegalStateException("root");
    assertThat(
            ErrorAnswers.cause(new ServletException("outer", new ServletException("inner", root))))
        .isSameAs(root);
    ServletException alone = new ServletException("alone");
    assertThat(ErrorAnswers.cause(alone)).isSameAs(alone);
    RuntimeException wrapper = new RuntimeException(root);
    assertThat(ErrorAnswers.cause(wrapper)).isSameAs(wrapper);
  }

  @org.junit.jupiter.api.Test
  void pagesHoldOnlyTheStatusTextAndTheRequestId() {
    assertThat(ErrorAnswers.Format.PLAIN.body(Redaction.defaults(), "ID1", 503))
        .isEqualTo("503 Service Unavailable\nRequest ID: ID1\n");
    assertThat(ErrorAnswers.Format.HTML.body(Redaction.defaults(), "ID1", 404))
        .contains("<title>404 Not Found</title>", "<h1>Not Found</h1>", "Request ID: ID1");
  }
}
