package dev.observability.testing;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The architecture rules every library module keeps, checked over its compiled main classes:
 * dependencies point one way (a module uses only itself and core's API and SPI), no module uses
 * another module's {@code internal} package, and no library module depends on Spring, Jackson or a
 * logging backend unless it exists for that integration.
 */
public final class ModuleBoundaries {

  /** Frameworks and backends a library module must not depend on, unless it integrates them. */
  private static final String[] FORBIDDEN = {
    "org.springframework..",
    "com.fasterxml.jackson..",
    "ch.qos.logback..",
    "org.apache.logging.log4j..",
    "net.logstash.."
  };

  private ModuleBoundaries() {}

  /**
   * Checks the module whose root package is {@code modulePackage}.
   *
   * @param modulePackage such as {@code dev.observability.servlet}
   * @param integrated packages this module exists to integrate, exempt from the forbidden list,
   *     such as {@code ch.qos.logback..}
   * @throws AssertionError listing every violation
   */
  public static void check(String modulePackage, String... integrated) {
    checkAllowing(modulePackage, List.of(), integrated);
  }

  /**
   * Checks an integration module that wires other modules together (the Spring Boot one): it may
   * use those modules' public API packages, never their {@code internal} ones.
   *
   * @param modulePackage such as {@code dev.observability.spring.boot}
   * @param modulesUsed the public packages it may use, such as {@code dev.observability.servlet}
   * @param integrated packages this module exists to integrate, such as {@code
   *     org.springframework..}
   * @throws AssertionError listing every violation
   */
  public static void checkIntegration(
      String modulePackage, List<String> modulesUsed, String... integrated) {
    checkAllowing(modulePackage, modulesUsed, integrated);
  }

  private static void checkAllowing(
      String modulePackage, List<String> modulesUsed, String... integrated) {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(modulePackage);
    if (classes.isEmpty()) {
      throw new AssertionError("no classes found in " + modulePackage);
    }
    String self = modulePackage + "..";
    List<String> allowed = new ArrayList<>(List.of(self));
    if (!modulePackage.equals("dev.observability.core")) {
      allowed.add("dev.observability.core");
      allowed.add("dev.observability.core.spi..");
    }
    allowed.addAll(modulesUsed);
    noClasses()
        .that()
        .resideInAPackage(self)
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.observability..")
                .and(not(resideInAnyPackage(allowed.toArray(new String[0])))))
        .because(
            "modules depend on core's API and SPI only, never on each other or on "
                + "another module's internal package")
        .check(classes);
    List<String> forbidden = new ArrayList<>(Arrays.asList(FORBIDDEN));
    forbidden.removeAll(Arrays.asList(integrated));
    noClasses()
        .that()
        .resideInAPackage(self)
        .should()
        .dependOnClassesThat(resideInAnyPackage(forbidden.toArray(new String[0])))
        .because("library modules bring no framework, JSON library or logging backend")
        .check(classes);
  }
}
