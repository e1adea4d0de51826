package dev.observability.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.observability.core.RequestContext;
import dev.observability.core.spi.RequestLifecycle;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class RedactingLogbackTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Logger json = LoggerFactory.getLogger("json");
  private final Logger pattern = LoggerFactory.getLogger("pattern");

  private static CapturingAppender appender(String name) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    return (CapturingAppender)
        context.getLogger(name).getAppender(name.toUpperCase(java.util.Locale.ROOT));
  }

  @BeforeEach
  void clear() {
    appender("json").drain();
    appender("pattern").drain();
  }

  private static List<JsonNode> jsonLines() throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : appender("json").drain().split("\n")) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }

  @Test
  void masksMessageArgumentsKeyValuesMdcAndStackTraces() throws Exception {
    try (RequestContext.Scope scope = RequestLifecycle.start("req-1").makeCurrent()) {
      org.slf4j.MDC.put("customer", "jane.doe@example.com");
      json.atInfo()
          .addKeyValue("card", "4111 1111 1111 1111")
          .addKeyValue("query", "user=bob&password=hunter2")
          .addKeyValue("mothers_maiden_name_field", "mothers_maiden_name=Smith")
          .log("login by {} with token {}", "jane.doe@example.com", "Bearer abc123DEF456");
      json.error("failed", new IllegalStateException("db password=hunter2 rejected"));
    } finally {
      org.slf4j.MDC.remove("customer");
    }
    List<JsonNode> lines = jsonLines();
    assertThat(lines).hasSize(2);
    JsonNode first = lines.get(0);
    assertThat(first.get("message").asText())
        .isEqualTo("login by j***@example.com with token Bearer ***");
    assertThat(first.get("card").asText()).isEqualTo("**** **** **** 1111");
    assertThat(first.get("query").asText()).isEqualTo("user=bob&password=***");
    // A field whose name holds a configured secret key is masked whole.
    assertThat(first.get("mothers_maiden_name_field").asText()).isEqualTo("***");
    assertThat(first.get("customer").asText()).isEqualTo("j***@example.com");
    assertThat(first.get("request_id").asText()).isEqualTo("req-1");
    JsonNode second = lines.get(1);
    assertThat(second.get("stack_trace").asText())
        .contains("password=***")
        .doesNotContain("hunter2");
    assertThat(lines.toString())
        .doesNotContain("hunter2", "jane.doe", "4111 1111 1111 1111", "abc123DEF456", "Smith");
  }

  @Test
  void oneEventStaysOneJsonLine() throws Exception {
    json.info("user bob\n{\"level\":\"ERROR\",\"message\":\"forged\"}");
    List<JsonNode> lines = jsonLines();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).get("message").asText()).contains("forged");
  }

  @Test
  void patternConverterRedactsAndEscapesLineBreaks() {
    try (RequestContext.Scope scope = RequestLifecycle.start("req-2").makeCurrent()) {
      pattern.info("login jane.doe@example.com\r\nINFO [req-x] admin logged in \u001b[31m");
    }
    String out = appender("pattern").drain();
    assertThat(out)
        .isEqualTo(
            "INFO  [req-2] pattern - login j***@example.com\\r\\nINFO [req-x] admin logged in \\u001b[31m \n");
  }

  @Test
  void patternConverterMasksStackTracesOnOneLine() {
    pattern.error(
        "failed",
        new IllegalStateException("db password=hunter2", new RuntimeException("jane@example.com")));
    String out = appender("pattern").drain();
    assertThat(out.split("\n")).hasSize(1);
    assertThat(out)
        .contains(
            "java.lang.IllegalStateException: db password=***",
            "Caused by: java.lang.RuntimeException: j***@example.com")
        .doesNotContain("hunter2", "jane@");
  }

  @Test
  void maskerLeavesCleanAndNonStringValuesAlone() {
    RedactingValueMasker masker = new RedactingValueMasker();
    assertThat(masker.mask(null, "nothing here")).isNull();
    assertThat(masker.mask(null, 42)).isNull();
    assertThat(masker.mask(null, "a@example.com")).isEqualTo("a***@example.com");
  }

  @Test
  void maskerKindsCanBeSwitchedOff() {
    RedactingValueMasker masker = new RedactingValueMasker();
    masker.setDisabledKinds("email, card_number");
    assertThat(masker.mask(null, "a@example.com 4111111111111111")).isNull();
    assertThat(masker.mask(null, "password=x")).isEqualTo("password=***");
  }

  @Test
  void maskerTakesPatternsAndTheApplicationsOwnRedactor() throws Exception {
    json.atInfo().addKeyValue("employee", "EMP-123456").log("ticket TCK-4711 for jane@example.com");
    JsonNode line = jsonLines().get(0);
    assertThat(line.get("employee").asText()).isEqualTo("***");
    assertThat(line.get("message").asText()).isEqualTo("ticket TCK-*** for j***@example.com");
  }

  @Test
  void converterTakesTheSameOptions() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    CapturingAppender options =
        (CapturingAppender) context.getLogger("options").getAppender("OPTIONS");
    options.drain();
    LoggerFactory.getLogger("options")
        .info("EMP-123456 closed TCK-99 pin_code=1234 for jane@example.com");
    assertThat(options.drain()).isEqualTo("*** closed TCK-*** pin_code=*** for j***@example.com\n");
  }

  @Test
  void fieldsNamedAsSecretsAreMaskedWhateverTheirValue() throws Exception {
    org.slf4j.MDC.put("auth_token", "plain-looking-value");
    try {
      json.atInfo()
          .addKeyValue("password", "hunter2")
          .addKeyValue("api_key", 1234567)
          .addKeyValue("Authorization", "opaque")
          .addKeyValue("mothers_maiden_name", "Smith")
          .addKeyValue("title", "write the report")
          .log("login");
    } finally {
      org.slf4j.MDC.remove("auth_token");
    }
    JsonNode line = jsonLines().get(0);
    assertThat(line.get("password").asText()).isEqualTo("***");
    assertThat(line.get("api_key").asText()).isEqualTo("***");
    assertThat(line.get("Authorization").asText()).isEqualTo("***");
    assertThat(line.get("mothers_maiden_name").asText()).isEqualTo("***");
    assertThat(line.get("auth_token").asText()).isEqualTo("***");
    assertThat(line.get("title").asText()).isEqualTo("write the report");
    assertThat(line.toString()).doesNotContain("hunter2", "1234567", "opaque", "Smith");
  }

  @Test
  void identifiersAreWrittenByteForByte() throws Exception {
    // Digits that pass the Luhn check, as about 3 in 100,000 span IDs do.
    String luhnValid = "4111111111111111";
    try (RequestContext.Scope scope = RequestLifecycle.start(luhnValid).makeCurrent()) {
      org.slf4j.MDC.put("span_id", luhnValid);
      org.slf4j.MDC.put("trace_id", "0000000000000000" + luhnValid);
      org.slf4j.MDC.put("user_id", "jane.doe@example.com");
      json.atInfo().addKeyValue("order_id", luhnValid).log("card 4111 1111 1111 1111 charged");
    } finally {
      org.slf4j.MDC.remove("span_id");
      org.slf4j.MDC.remove("trace_id");
      org.slf4j.MDC.remove("user_id");
    }
    JsonNode line = jsonLines().get(0);
    assertThat(line.get("request_id").asText()).isEqualTo(luhnValid);
    assertThat(line.get("span_id").asText()).isEqualTo(luhnValid);
    assertThat(line.get("trace_id").asText()).isEqualTo("0000000000000000" + luhnValid);
    assertThat(line.get("order_id").asText()).isEqualTo(luhnValid);
    // An identifier that is not a plain token is text like any other, and is redacted.
    assertThat(line.get("user_id").asText()).isEqualTo("j***@example.com");
    assertThat(line.get("message").asText()).isEqualTo("card **** **** **** 1111 charged");
  }

  @Test
  void jsonLinesEscapeWhatTheEncoderLeavesRaw() throws Exception {
    json.info("a\u0085b\u2028c\u2029d\u202ee\u2066f");
    String raw = appender("json").drain();
    assertThat(raw.trim().split("\n")).hasSize(1);
    assertThat(raw).doesNotContain("\u0085", "\u2028", "\u2029", "\u202e", "\u2066");
    assertThat(JSON.readTree(raw).get("message").asText())
        .isEqualTo("a\\u0085b\\u2028c\\u2029d\\u202ee\\u2066f");
  }
}
