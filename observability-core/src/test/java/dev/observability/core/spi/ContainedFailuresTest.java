package dev.observability.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.testing.LogCapture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ContainedFailuresTest {

  @Test
  void countsEveryFailureButLogsOncePerInterval() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ContainedFailures.bindTo(registry);
    try (LogCapture log = LogCapture.of("dev.observability.internal")) {
      for (int i = 0; i < 100; i++) {
        ContainedFailures.report(
            "test-component", new IllegalStateException("password=hunter2 failed"));
      }
      assertThat(ContainedFailures.count("test-component")).isEqualTo(100);
      assertThat(
              registry
                  .get(ContainedFailures.METRIC)
                  .tag("component", "test-component")
                  .functionCounter()
                  .count())
          .isEqualTo(100);
      assertThat(log.events()).filteredOn(e -> e.getLevel().toString().equals("WARN")).hasSize(1);
      assertThat(log.events().get(0).getFormattedMessage()).doesNotContain("hunter2");
    } finally {
      ContainedFailures.unbind(registry);
    }
  }
}
