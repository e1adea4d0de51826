package dev.observability.logback;

import dev.observability.testing.ModuleBoundaries;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  @Test
  void keepsTheModuleBoundaries() {
    ModuleBoundaries.check(
        "dev.observability.logback",
        "ch.qos.logback..",
        "com.fasterxml.jackson..",
        "net.logstash..");
  }
}
