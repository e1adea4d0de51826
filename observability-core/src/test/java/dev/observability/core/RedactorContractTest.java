package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link Redactor} promises, checked for each built-in one and for one written the way
 * an application would write its own: it masks what it claims, leaves clean text as the very same
 * string, is idempotent and thread-safe, and {@code forLog} keeps one event on one line.
 */
class RedactorContractTest {

  private static final String CLEAN = "GET /api/tasks/42 took 12 ms for user 7";

  /** An application's own redactor: ticket numbers. */
  static final class TicketRedactor implements Redactor {
    private static final Pattern TICKET = Pattern.compile("TCK-[0-9]++");

    @Override
    public String redact(CharSequence text) {
      var matcher = TICKET.matcher(text);
      return matcher.find() ? matcher.replaceAll("TCK-***") : text.toString();
    }
  }

  static Stream<Arguments> redactors() {
    return Stream.of(
        Arguments.of("defaults", Redactors.defaults(), "mail jane.doe@example.com", "jane.doe"),
        Arguments.of("emails", Redactors.emails(), "mail jane.doe@example.com", "jane.doe"),
        Arguments.of(
            "cardNumbers", Redactors.cardNumbers(), "card 4111 1111 1111 1111", "4111 1111 1111"),
        Arguments.of(
            "tokens",
            Redactors.tokens(),
            "Authorization: Bearer abc123DEF456ghi",
            "abc123DEF456ghi"),
        Arguments.of(
            "urlCredentials",
            Redactors.urlCredentials(),
            "https://bob:hunter2@db.example",
            "hunter2"),
        Arguments.of(
            "secretValues", Redactors.secretValues("pin_code"), "pin_code=8812&x=1", "8812"),
        Arguments.of(
            "only", Redactors.only(Redaction.Kind.SECRET_VALUE), "password=hunter2", "hunter2"),
        Arguments.of(
            "pattern",
            Redactors.pattern(Pattern.compile("EMP-[0-9]++"), "EMP-***"),
            "by EMP-123456",
            "123456"),
        Arguments.of(
            "builder",
            Redaction.builder().disable(Redaction.Kind.EMAIL).secretKeys("ticket").build(),
            "ticket=TCK-1",
            "TCK-1"),
        Arguments.of(
            "composite",
            Redactors.composite(Redactors.defaults(), new TicketRedactor()),
            "TCK-991 from jane@example.com",
            "TCK-991"),
        Arguments.of("custom", new TicketRedactor(), "see TCK-12345", "12345"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("redactors")
  void masksWhatItClaims(String name, Redactor redactor, String sample, String secret) {
    assertThat(redactor.redact(sample)).doesNotContain(secret).isNotEqualTo(sample);
    assertThat(redactor.forLog(sample)).doesNotContain(secret);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("redactors")
  void returnsCleanTextAsTheSameString(
      String name, Redactor redactor, String sample, String secret) {
    assertThat(redactor.redact(CLEAN)).isSameAs(CLEAN);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("redactors")
  void isIdempotent(String name, Redactor redactor, String sample, String secret) {
    String once = redactor.redact(sample);
    assertThat(redactor.redact(once)).isEqualTo(once);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("redactors")
  void forLogKeepsOneEventOnOneLine(String name, Redactor redactor, String sample, String secret) {
    assertThat(redactor.forLog(sample + "\nFAKE ERROR\r\u2028\u0085"))
        .doesNotContain("\n", "\r", "\u2028", "\u0085");
    assertThat(redactor.forLog(null)).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("redactors")
  void isThreadSafe(String name, Redactor redactor, String sample, String secret) throws Exception {
    String expected = redactor.redact(sample + " " + CLEAN);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2_000; i++) {
                    if (!redactor.redact(sample + " " + CLEAN).equals(expected)) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
