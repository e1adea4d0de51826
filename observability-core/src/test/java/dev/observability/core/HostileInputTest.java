package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Megabytes of the characters each detector reacts to. Linear work takes milliseconds; the bound
 * below is generous so that only super-linear work (which would take hours) can miss it. Speed
 * itself is measured by the JMH benchmarks, not here.
 */
class HostileInputTest {

  private static final int SIZE = 5 * 1024 * 1024;

  static Stream<Arguments> hostile() {
    return Stream.of(
        Arguments.of("at signs", "@"),
        Arguments.of("digits", "4"),
        Arguments.of("digit groups", "4111 "),
        Arguments.of("jwt prefixes", "eyJ"),
        Arguments.of("jwt prefixes split by dashes", "eyJ-"),
        Arguments.of("jwt-like dotted runs", "eyJ."),
        Arguments.of("equals signs", "="),
        Arguments.of("secret assignments", "password="),
        Arguments.of(
            "key characters before equals",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa="),
        Arguments.of("json member names", "\"password\":"),
        Arguments.of("unterminated json strings", "{\"token\":\"\\"),
        Arguments.of("nested brackets", "{\"secret\":["),
        Arguments.of("colons", ":"),
        Arguments.of("url schemes", "a://"),
        Arguments.of("bearer words", "bearer "),
        Arguments.of("local parts", "a.b-c+d"),
        Arguments.of("domains", "a@b."),
        Arguments.of("control characters", "\u001b\n"),
        Arguments.of("private key headers without an end", "-----BEGIN A PRIVATE KEY-----"),
        Arguments.of("constraint values without an end", "Key (a)=((("),
        Arguments.of("percent-encoded at signs", "a%40"),
        Arguments.of("digit groups that are no card", "1 "),
        Arguments.of("webhook paths", "https://hooks.slack.com/services/"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void completesInLinearTime(String name, String unit) {
    String input = unit.repeat(SIZE / unit.length());
    String out = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Redaction.forLog(input));
    assertThat(out).isNotNull();
  }
}
