package dev.observability.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.observability.core.RequestContext;
import dev.observability.core.spi.RequestLifecycle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.logstash.logback.argument.StructuredArguments;
import net.logstash.logback.marker.Markers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class RedactingLogbackTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Logger pattern = LoggerFactory.getLogger("pattern");

  private static CapturingAppender appender(String name) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    return (CapturingAppender)
        context.getLogger(name).getAppender(name.toUpperCase(java.util.Locale.ROOT));
  }

  @BeforeEach
  void clear() {
    appender("json").drain();
    appender("json-generator").drain();
    appender("pattern").drain();
  }

  /**
   * The JSON loggers: logstash's masking decorator with our value masker, and our own generator
   * decorator with the same options. Every JSON test runs against both.
   */
  static List<String> jsonLoggers() {
    return List.of("json", "json-generator");
  }

  private static List<JsonNode> jsonLines(String logger) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : appender(logger).drain().split("\n")) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }

  @ParameterizedTest
  @MethodSource("jsonLoggers")
  void masksMessageArgumentsKeyValuesMdcAndStackTraces(String logger) throws Exception {
    Logger json = LoggerFactory.getLogger(logger);
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
    List<JsonNode> lines = jsonLines(logger);
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

  @ParameterizedTest
  @MethodSource("jsonLoggers")
  void oneEventStaysOneJsonLine(String logger) throws Exception {
    Logger json = LoggerFactory.getLogger(logger);
    json.info("user bob\n{\"level\":\"ERROR\",\"message\":\"forged\"}");
    List<JsonNode> lines = jsonLines(logger);
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

  @ParameterizedTest
  @MethodSource("jsonLoggers")
  void maskerTakesPatternsAndTheApplicationsOwnRedactor(String logger) throws Exception {
    Logger json = LoggerFactory.getLogger(logger);
    json.atInfo().addKeyValue("employee", "EMP-123456").log("ticket TCK-4711 for jane@example.com");
    JsonNode line = jsonLines(logger).get(0);
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

  @ParameterizedTest
  @MethodSource("jsonLoggers")
  void fieldsNamedAsSecretsAreMaskedWhateverTheirValue(String logger) throws Exception {
    Logger json = LoggerFactory.getLogger(logger);
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
    JsonNode line = jsonLines(logger).get(0);
    assertThat(line.get("password").asText()).isEqualTo("***");
    assertThat(line.get("api_key").asText()).isEqualTo("***");
    assertThat(line.get("Authorization").asText()).isEqualTo("***");
    assertThat(line.get("mothers_maiden_name").asText()).isEqualTo("***");
    assertThat(line.get("auth_token").asText()).isEqualTo("***");
    assertThat(line.get("title").asText()).isEqualTo("write the report");
    assertThat(line.toString()).doesNotContain("hunter2", "1234567", "opaque", "Smith");
  }

  @ParameterizedTest
  @MethodSource("jsonLoggers")
  void identifiersAreWrittenByteForByte(String logger) throws Exception {
    Logger json = LoggerFactory.getLogger(logger);
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
    JsonNode line = jsonLines(logger).get(0);
    assertThat(line.get("request_id").asText()).isEqualTo(luhnValid);
    assertThat(line.get("span_id").asText()).isEqualTo(luhnValid);
    assertThat(line.get("trace_id").asText()).isEqualTo("0000000000000000" + luhnValid);
    assertThat(line.get("order_id").asText()).isEqualTo(luhnValid);
    // An identifier that is not a plain token is text like any other, and is redacted.
    assertThat(line.get("user_id").asText()).isEqualTo("j***@example.com");
    assertThat(line.get("message").asText()).isEqualTo("card **** **** **** 1111 charged");
  }

  @ParameterizedTest
  @MethodSource("jsonLoggers")
  void jsonLinesEscapeWhatTheEncoderLeavesRaw(String logger) throws Exception {
    Logger json = LoggerFactory.getLogger(logger);
    json.info("a\u0085b\u2028c\u2029d\u202ee\u2066f");
    String raw = appender(logger).drain();
    assertThat(raw.trim().split("\n")).hasSize(1);
    assertThat(raw).doesNotContain("\u0085", "\u2028", "\u2029", "\u202e", "\u2066");
    assertThat(JSON.readTree(raw).get("message").asText())
        .isEqualTo("a\\u0085b\\u2028c\\u2029d\\u202ee\\u2066f");
  }

  /** Events that exercise every kind of value an encoder writes, for the comparison below. */
  private static void logEveryKindOfValue(Logger json) {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("contact", "jane.doe@example.com");
    nested.put("password", "hunter2");
    nested.put("attempts", 3);
    nested.put("tags", List.of("card 4111 1111 1111 1111", "plain"));
    org.slf4j.MDC.put("session_token", "plain-looking-value");
    try {
      json.atWarn()
          .addKeyValue("details", nested)
          .addKeyValue("pin", 1234)
          .addKeyValue("secret", true)
          .addKeyValue("ratio", 0.5)
          .addKeyValue("big", new java.math.BigDecimal("12.50"))
          .addKeyValue("none", (Object) null)
          .addKeyValue("builder", new StringBuilder("jane@example.com"))
          .log(
              "paid {} {}",
              StructuredArguments.keyValue("payer", "jane@example.com"),
              StructuredArguments.array("cards", "4111 1111 1111 1111", "x"));
      json.atInfo().addKeyValue("user_id", "u-42").addKeyValue("count", 7L).log("plain line");
      json.error("failed", new IllegalStateException("token=abc secret=hunter2"));
    } finally {
      org.slf4j.MDC.remove("session_token");
    }
  }

  private static JsonNode withoutTimestamps(JsonNode line) {
    ((com.fasterxml.jackson.databind.node.ObjectNode) line)
        .remove(List.of("timestamp", "logger_name"));
    return line;
  }

  @Test
  void ourGeneratorWritesWhatLogstashsMaskingGeneratorWrites() throws Exception {
    for (String logger : jsonLoggers()) { // one call site, so that the stack traces match
      logEveryKindOfValue(LoggerFactory.getLogger(logger));
    }
    List<JsonNode> logstash = jsonLines("json");
    List<JsonNode> ours = jsonLines("json-generator");
    assertThat(ours).hasSize(3);
    // The one difference: logstash's generator asks a value masker about no boolean, so a boolean
    // in a field named as a secret is written as it is there; ours masks it like any value.
    assertThat(logstash.get(0).get("secret").asBoolean()).isTrue();
    assertThat(ours.get(0).get("secret").asText()).isEqualTo("***");
    ((com.fasterxml.jackson.databind.node.ObjectNode) logstash.get(0)).remove("secret");
    ((com.fasterxml.jackson.databind.node.ObjectNode) ours.get(0)).remove("secret");
    for (int i = 0; i < ours.size(); i++) {
      assertThat(withoutTimestamps(ours.get(i))).isEqualTo(withoutTimestamps(logstash.get(i)));
    }
    JsonNode first = ours.get(0);
    assertThat(first.at("/details/contact").asText()).isEqualTo("j***@example.com");
    assertThat(first.at("/details/password").asText()).isEqualTo("***");
    assertThat(first.at("/details/attempts").asInt()).isEqualTo(3);
    assertThat(first.at("/details/tags/0").asText()).isEqualTo("card **** **** **** 1111");
    assertThat(first.get("pin").asText()).isEqualTo("***");
    assertThat(first.get("ratio").asDouble()).isEqualTo(0.5);
    assertThat(first.get("big").decimalValue()).isEqualByComparingTo("12.50");
    assertThat(first.get("builder").asText()).isEqualTo("j***@example.com");
    assertThat(first.get("payer").asText()).isEqualTo("j***@example.com");
    assertThat(first.at("/cards/0").asText()).isEqualTo("**** **** **** 1111");
    assertThat(first.get("session_token").asText()).isEqualTo("***");
    assertThat(ours.get(1).get("user_id").asText()).isEqualTo("u-42");
    assertThat(ours.get(1).get("count").asLong()).isEqualTo(7L);
    assertThat(ours.toString())
        .doesNotContain("hunter2", "jane.doe", "jane@", "4111 1111 1111 1111", "1234");
  }

  @Test
  void rawJsonIsRedactedAsText() throws Exception {
    Logger json = LoggerFactory.getLogger("json-generator");
    json.info(Markers.appendRaw("payload", "{\"email\":\"jane@example.com\"}"), "with a raw field");
    json.info(Markers.appendRaw("clean", "{\"n\":1}"), "with a clean raw field");
    List<JsonNode> lines = jsonLines("json-generator");
    assertThat(lines.get(0).get("payload").asText()).isEqualTo("{\"email\":\"j***@example.com\"}");
    assertThat(lines.get(1).at("/clean/n").asInt()).isEqualTo(1);
  }
}
