package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void masksEmailKeepingFirstCharacterAndDomain() {
    assertThat(Redaction.redact("mail user@example.com now"))
        .isEqualTo("mail u***@example.com now");
  }

  @Test
  void masksCardKeepingSeparatorsAndLastFour() {
    assertThat(Redaction.redact("card 4111-1111-1111-1111."))
        .isEqualTo("card ****-****-****-1111.");
    assertThat(Redaction.redact("4111111111111111")).isEqualTo("************1111");
  }

  @Test
  void masksSecretValuesInQueryStringsKeepingOtherParameters() {
    assertThat(Redaction.redact("/login?user=bob&password=hunter2&lang=en"))
        .isEqualTo("/login?user=bob&password=***&lang=en");
    assertThat(Redaction.redact("pass%77ord=hunter2")).isEqualTo("pass%77ord=***");
  }

  @Test
  void masksJsonStringWithEscapedQuoteAndTrailingBackslash() {
    assertThat(Redaction.redact("{\"password\":\"a\\\"b\\\\\",\"user\":\"bob\"}"))
        .isEqualTo("{\"password\":\"***\",\"user\":\"bob\"}");
  }

  @Test
  void masksNestedJsonValuesAsAWhole() {
    assertThat(Redaction.redact("{\"secret\":{\"a\":[1,{\"b\":\"c\"}]},\"n\":1}"))
        .isEqualTo("{\"secret\":\"***\",\"n\":1}");
    assertThat(Redaction.redact("{\"token\":null}")).isEqualTo("{\"token\":null}");
  }

  @Test
  void masksCredentialsButKeepsScheme() {
    assertThat(Redaction.redact("Authorization: bearer    abc.DEF-123"))
        .isEqualTo("Authorization: ***");
    assertThat(Redaction.redact("sent Bearer abc.DEF-123 upstream"))
        .isEqualTo("sent Bearer *** upstream");
    assertThat(Redaction.redact("https://u:p4ss@host/x")).isEqualTo("https://u:***@host/x");
  }

  @Test
  void masksUnsignedJwt() {
    assertThat(Redaction.redact("t=eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0. end"))
        .isEqualTo("t=*** end");
  }

  @Test
  void leavesCodeAndAddressesThatAreNotMailboxesAlone() {
    for (String text : new String[] {"@Override", "git@github.com:org/repo", "pkg@1.2.3"}) {
      assertThat(Redaction.redact(text)).isEqualTo(text);
    }
  }

  @Test
  void returnsTheSameStringWhenNothingIsMasked() {
    String clean = "nothing to see here, order 42 shipped";
    assertThat(Redaction.redact(clean)).isSameAs(clean);
    assertThat(Redaction.redact(null)).isNull();
  }

  @Test
  void singleValueHelpersMaskWholeValues() {
    assertThat(Redaction.email("jane.doe@example.com")).isEqualTo("j***@example.com");
    assertThat(Redaction.email("not-an-address")).isEqualTo(Redaction.MASK);
    assertThat(Redaction.cardNumber("4111 1111 1111 1111")).isEqualTo("**** **** **** 1111");
    assertThat(Redaction.cardNumber("1234")).isEqualTo(Redaction.MASK);
    assertThat(Redaction.email(null)).isNull();
    assertThat(Redaction.cardNumber(null)).isNull();
  }

  @Test
  void builderAddsSecretKeysAndPatternsAndSwitchesKindsOff() {
    Redactor redactor =
        Redaction.builder()
            .secretKeys("mothers_maiden_name")
            .disable(Redaction.Kind.EMAIL)
            .pattern(Pattern.compile("EMP-\\d{6}+"), "EMP-******")
            .build();
    assertThat(redactor.redact("mothers-maiden-name=Smith user@example.com EMP-123456"))
        .isEqualTo("mothers-maiden-name=*** user@example.com EMP-******");
    assertThat(Redaction.redact("mothers_maiden_name=Smith"))
        .isEqualTo("mothers_maiden_name=Smith");
  }

  @Test
  void builderRejectsBlankKeyNames() {
    assertThatThrownBy(() -> Redaction.builder().secretKeys(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noneAndAndThenCompose() {
    Redactor upper = text -> text.toString().toUpperCase(java.util.Locale.ROOT);
    assertThat(Redactor.none().redact("a@b.co")).isEqualTo("a@b.co");
    assertThat(Redaction.defaults().andThen(upper).redact("x@example.com"))
        .isEqualTo("X***@EXAMPLE.COM");
  }
}
