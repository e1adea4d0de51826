package dev.observability.httpclient;

import dev.observability.testing.ModuleBoundaries;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  @Test
  void keepsTheModuleBoundaries() {
    ModuleBoundaries.check("dev.observability.httpclient");
  }
}
