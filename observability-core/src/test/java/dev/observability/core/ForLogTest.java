package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForLogTest {

  @Test
  void escapesLineBreaksSoOneValueIsOneLine() {
    String forged = "bob\r\n2026-01-01 INFO admin logged in\u0085x\u2028y\u2029z";
    String out = Redaction.forLog(forged);
    assertThat(out).doesNotContain("\r", "\n", "\u0085", "\u2028", "\u2029");
    assertThat(out).isEqualTo("bob\\r\\n2026-01-01 INFO admin logged in\\u0085x\\u2028y\\u2029z");
  }

  @Test
  void neutralisesAnsiEscapeSequences() {
    String out = Redaction.forLog("\u001b[31mRED\u001b[0m \u009b31m");
    assertThat(out)
        .doesNotContain("\u001b", "\u009b")
        .isEqualTo("\\u001b[31mRED\\u001b[0m \\u009b31m");
  }

  @Test
  void replacesLoneSurrogatesAndKeepsPairs() {
    assertThat(Redaction.forLog("a\ud800b\udc00c")).isEqualTo("a\uFFFDb\uFFFDc");
    assertThat(Redaction.forLog("ok \uD83D\uDE00")).isEqualTo("ok \uD83D\uDE00");
    assertThat(Redaction.forLog("end\ud83d")).isEqualTo("end\uFFFD");
  }

  @Test
  void escapesOtherControlAndBidiCharacters() {
    assertThat(Redaction.forLog("a\u0000b\u0007c\td\u202Ee\u007f"))
        .isEqualTo("a\\u0000b\\u0007c\\td\\u202ee\\u007f");
  }

  @Test
  void alsoRedacts() {
    assertThat(Redaction.forLog("user=jane@example.com\npassword=x"))
        .isEqualTo("user=j***@example.com\\npassword=***");
  }

  @Test
  void returnsCleanTextUnchanged() {
    String clean = "GET /api/tasks/42 200 Grüße";
    assertThat(Redaction.forLog(clean)).isSameAs(clean);
    assertThat(Redaction.forLog(null)).isNull();
  }
}
