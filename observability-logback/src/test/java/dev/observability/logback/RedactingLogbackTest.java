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
    assertThat(first.get("mothers_maiden_name_field").asText())
        .isEqualTo("mothers_maiden_name=***");
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
            "INFO  [req-2] pattern - login j***@example.com\\r\\nINFO [req-x] admin logged in \\u001b[31m\n");
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
}
