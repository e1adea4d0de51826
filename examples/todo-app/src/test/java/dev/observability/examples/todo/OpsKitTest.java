package dev.observability.examples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The ops kit holds together: every alert has a severity the Alertmanager routes, a runbook entry
 * its link points at, and a promtool test in which it fires; every threshold an alert reads is
 * defined once in the thresholds group and every defined one is read; every inhibition names alerts
 * that exist. promtool and amtool check the files' syntax and behaviour in {@code TodoAppIT}; this
 * test checks what they cannot see.
 */
class OpsKitTest {

  private static final Path OPS = Path.of(System.getProperty("ops.dir", "../ops"));
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> SEVERITIES =
      Set.of("critical", "high", "warning", "low", "info");
  private static final String RUNBOOKS =
      "https://github.com/observability-sdk/observability-java/blob/main/examples/ops/runbooks.md#";

  @Test
  void everyAlertHasASeverityARunbookEntryAndATestInWhichItFires() throws IOException {
    Map<String, JsonNode> alerts = alerts();
    assertThat(alerts).hasSizeGreaterThan(25);
    String runbooks = Files.readString(OPS.resolve("runbooks.md"));
    Set<String> firingInTests = new TreeSet<>();
    for (JsonNode test :
        YAML.readTree(OPS.resolve("alert_rules_test.yml").toFile()).path("tests")) {
      for (JsonNode check : test.path("alert_rule_test")) {
        if (!check.path("exp_alerts").isEmpty()) {
          firingInTests.add(check.path("alertname").asText());
        }
      }
    }
    alerts.forEach(
        (name, rule) -> {
          assertThat(rule.path("labels").path("severity").asText())
              .as("severity of %s", name)
              .isIn(SEVERITIES);
          assertThat(rule.path("annotations").path("summary").asText())
              .as("summary of %s", name)
              .isNotBlank();
          assertThat(rule.path("annotations").path("runbook_url").asText())
              .as("runbook link of %s", name)
              .isEqualTo(RUNBOOKS + name.toLowerCase(Locale.ROOT));
          assertThat(runbooks).as("runbook entry of %s", name).contains("\n## " + name + "\n");
          assertThat(firingInTests).as("a promtool test in which %s fires", name).contains(name);
        });
  }

  @Test
  void everyThresholdIsDefinedOnceAndRead() throws IOException {
    Map<String, Integer> defined = new LinkedHashMap<>();
    List<String> expressions = new ArrayList<>();
    for (JsonNode group : YAML.readTree(OPS.resolve("alert_rules.yml").toFile()).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if ("alert_threshold".equals(rule.path("record").asText())) {
          assertThat(rule.path("expr").asText()).matches("vector\\([0-9.]+\\)");
          defined.merge(rule.path("labels").path("threshold").asText(), 1, Integer::sum);
        } else {
          expressions.add(rule.path("expr").asText());
        }
      }
    }
    assertThat(defined).isNotEmpty().allSatisfy((name, count) -> assertThat(count).isOne());
    Set<String> read = new TreeSet<>();
    Matcher m = Pattern.compile("alert_threshold\\{threshold=\"([a-z0-9_]+)\"}").matcher("");
    for (String expr : expressions) {
      m.reset(expr);
      while (m.find()) {
        read.add(m.group(1));
      }
    }
    assertThat(read).as("thresholds the rules read").isEqualTo(new TreeSet<>(defined.keySet()));
  }

  @Test
  void everyInhibitionNamesAlertsThatExist() throws IOException {
    Set<String> names = alerts().keySet();
    JsonNode inhibitions =
        YAML.readTree(OPS.resolve("alertmanager.yml").toFile()).path("inhibit_rules");
    assertThat(inhibitions).isNotEmpty();
    Pattern matcher = Pattern.compile("alertname(=~?)\"([^\"]+)\"");
    for (JsonNode inhibition : inhibitions) {
      for (String side : List.of("source_matchers", "target_matchers")) {
        for (JsonNode text : inhibition.path(side)) {
          Matcher m = matcher.matcher(text.asText());
          assertThat(m.find()).as(text.asText()).isTrue();
          // Each alternative of a regex matcher must name an alert: a renamed alert would
          // otherwise leave its inhibition silently doing nothing.
          for (String alternative : alternatives(m.group(2))) {
            assertThat(names).as("alert named in %s", text.asText()).contains(alternative);
          }
        }
      }
    }
  }

  /** Expands {@code A|B(C|D)} into A, BC, BD: the only regex shapes alertmanager.yml uses. */
  static List<String> alternatives(String regex) {
    List<String> result = new ArrayList<>();
    for (String branch : splitTopLevel(regex)) {
      Matcher group =
          Pattern.compile("^([A-Za-z0-9]*)\\(([^()]*)\\)([A-Za-z0-9]*)$").matcher(branch);
      if (group.matches()) {
        for (String inner : group.group(2).split("\\|")) {
          result.add(group.group(1) + inner + group.group(3));
        }
      } else {
        result.add(branch);
      }
    }
    return result;
  }

  private static List<String> splitTopLevel(String regex) {
    List<String> branches = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '|' && depth == 0) {
        branches.add(regex.substring(start, i));
        start = i + 1;
      }
    }
    branches.add(regex.substring(start));
    return branches;
  }

  private static Map<String, JsonNode> alerts() throws IOException {
    Map<String, JsonNode> alerts = new LinkedHashMap<>();
    for (JsonNode group : YAML.readTree(OPS.resolve("alert_rules.yml").toFile()).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.has("alert")) {
          assertThat(alerts.put(rule.path("alert").asText(), rule)).isNull();
        }
      }
    }
    return alerts;
  }
}
