package dev.observability.spring.boot;

import dev.observability.testing.ModuleBoundaries;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  @Test
  void usesOnlyTheOtherModulesPublicApis() {
    ModuleBoundaries.checkIntegration(
        "dev.observability.spring.boot",
        List.of("dev.observability.servlet", "dev.observability.jdbc", "dev.observability.health"),
        "org.springframework..");
  }
}
