package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservabilityConfigTest {

  private static ObservabilityConfig.Builder with(
      Map<String, String> props, Map<String, String> env) {
    return ObservabilityConfig.builder().systemProperties(props::get).environment(env::get);
  }

  @Test
  void builderBeatsSystemPropertyBeatsEnvironment() {
    String key = "observability.jdbc.slow-query-threshold";
    Map<String, String> env = Map.of("OBSERVABILITY_JDBC_SLOW_QUERY_THRESHOLD", "3s");
    Map<String, String> props = Map.of(key, "2s");
    assertThat(with(Map.of(), env).build().getDuration(key, null)).isEqualTo(Duration.ofSeconds(3));
    assertThat(with(props, env).build().getDuration(key, null)).isEqualTo(Duration.ofSeconds(2));
    assertThat(with(props, env).set(key, "1s").build().getDuration(key, null))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(with(Map.of(), Map.of()).build().getDuration(key, Duration.ofMillis(7)))
        .isEqualTo(Duration.ofMillis(7));
  }

  @Test
  void environmentVariableNamesAreUpperCaseWithUnderscores() {
    assertThat(ObservabilityConfig.environmentVariable("observability.shutdown-hook.enabled"))
        .isEqualTo("OBSERVABILITY_SHUTDOWN_HOOK_ENABLED");
  }

  @Test
  void parsesDurationsInTheUsualForms() {
    assertThat(ObservabilityConfig.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(ObservabilityConfig.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(ObservabilityConfig.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(ObservabilityConfig.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(ObservabilityConfig.parseDuration("PT3S")).isEqualTo(Duration.ofSeconds(3));
    assertThat(ObservabilityConfig.parseDuration("40")).isEqualTo(Duration.ofMillis(40));
  }

  @Test
  void malformedValuesNameTheKey() {
    ObservabilityConfig config =
        with(Map.of(), Map.of()).set("a", "later").set("b", "-1s").set("c", "yes").build();
    assertThatThrownBy(() -> config.getDuration("a", null))
        .hasMessageContaining("a must be a duration");
    assertThatThrownBy(() -> config.getDuration("b", null))
        .hasMessageContaining("b must be a duration");
    assertThatThrownBy(() -> config.getBoolean("c", true))
        .hasMessageContaining("c must be true or false");
  }

  @Test
  void blankValuesCountAsUnset() {
    ObservabilityConfig config = with(Map.of("k", "  "), Map.of()).build();
    assertThat(config.get("k")).isNull();
    assertThat(config.getBoolean("k", true)).isTrue();
  }
}
