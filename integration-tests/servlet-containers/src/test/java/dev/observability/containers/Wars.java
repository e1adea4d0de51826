package dev.observability.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The WAR the deployment tests deploy, with no line of the library's code in it: its own two
 * servlets, a {@code web.xml}, a Logback configuration writing to the file named by the system
 * property {@code war.log}, and the library and its dependencies in {@code WEB-INF/lib}; and what
 * is checked once a container serves it.
 */
final class Wars {

  /** What the containers and the test bring; everything else on the class path goes in the WAR. */
  private static final List<String> NOT_IN_THE_WAR =
      List.of(
          "tomcat-",
          "jetty-",
          "undertow-",
          "xnio-",
          "jboss-",
          "wildfly-",
          "asm",
          "junit-",
          "assertj-",
          "opentest4j-",
          "apiguardian-",
          "surefire",
          "test-classes",
          "observability-test-fixtures",
          "opentelemetry-sdk-testing",
          "archunit",
          "mockito",
          "byte-buddy",
          "objenesis",
          "jakarta.");

  private static final String WEB_XML =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
        <context-param>
          <param-name>observability.filter.routes</param-name>
          <param-value>/hello</param-value>
        </context-param>
        <servlet><servlet-name>hello</servlet-name>
          <servlet-class>dev.observability.containers.war.Hello</servlet-class></servlet>
        <servlet-mapping><servlet-name>hello</servlet-name><url-pattern>/hello</url-pattern></servlet-mapping>
        <servlet><servlet-name>fail</servlet-name>
          <servlet-class>dev.observability.containers.war.Fail</servlet-class></servlet>
        <servlet-mapping><servlet-name>fail</servlet-name><url-pattern>/fail</url-pattern></servlet-mapping>
      </web-app>
      """;

  /** The WAR's own Logback set-up; named so that it wins over the test's on the parent loader. */
  private static final String LOGBACK =
      """
      <configuration>
        <appender name="file" class="ch.qos.logback.core.FileAppender">
          <file>${war.log}</file>
          <encoder><pattern>%X{request_id}|%logger|%msg%n</pattern></encoder>
        </appender>
        <root level="INFO"><appender-ref ref="file"/></root>
      </configuration>
      """;

  private Wars() {}

  /**
   * Checks a served WAR: request IDs kept and minted, the safe error answer, {@code /metrics}, and
   * the access lines with the request ID from the MDC in the WAR's own log.
   *
   * @param base the WAR's base URL
   * @param log the WAR's log file
   */
  static void checkObserved(String base, Path log) throws Exception {

    HttpResponse<String> hello = get(base + "/hello", "X-Request-ID", "war-request-0001");
    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.headers().firstValue("X-Request-ID")).contains("war-request-0001");
    String minted = get(base + "/hello").headers().firstValue("X-Request-ID").orElseThrow();
    assertThat(minted).isNotBlank().isNotEqualTo("war-request-0001");

    HttpResponse<String> failed = get(base + "/fail");
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.body())
        .contains("\"code\":\"internal_error\"")
        .contains(failed.headers().firstValue("X-Request-ID").orElseThrow())
        .doesNotContain("hunter2")
        .doesNotContain("4111")
        .doesNotContain("IllegalStateException")
        .doesNotContain("at dev.");

    HttpResponse<String> metrics = get(base + "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("http_server_request_duration_seconds_count{")
        .containsPattern("http_route=\"/hello\"[^\\n]*\\} 2")
        .containsPattern(
            "error_type=\"java.lang.IllegalStateException\"[^\\n]*http_route=\"/fail\"");

    String kept = "war-request-0001|dev.observability.access|GET /hello 200 ";
    String mintedLine = minted + "|dev.observability.access|GET /hello 200 ";
    List<String> lines = awaitLines(log, kept, mintedLine);
    assertThat(lines).filteredOn(line -> line.startsWith(kept)).hasSize(1);
    assertThat(lines).filteredOn(line -> line.startsWith(mintedLine)).hasSize(1);
  }

  /**
   * The log's lines once one starts with each prefix: an access line is written when the request
   * ends, which may be after the client has its answer.
   */
  private static List<String> awaitLines(Path log, String... prefixes) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
      boolean all =
          Stream.of(prefixes).allMatch(p -> lines.stream().anyMatch(line -> line.startsWith(p)));
      if (all || System.nanoTime() > deadline) {
        return lines;
      }
      Thread.sleep(20);
    }
  }

  private static HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** An exploded WAR: web.xml, the application's classes and Logback set-up, and its jars. */
  static Path exploded(Path temp) throws IOException {
    Path docBase = Files.createDirectories(temp.resolve("app"));
    Path webInf = Files.createDirectories(docBase.resolve("WEB-INF"));
    Files.writeString(webInf.resolve("web.xml"), WEB_XML.strip());
    Path classes = Files.createDirectories(webInf.resolve("classes"));
    Files.writeString(classes.resolve("logback-test.xml"), LOGBACK);
    Path testClasses =
        Path.of(Wars.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    Path appPackage = Path.of("dev", "observability", "containers", "war");
    Files.createDirectories(classes.resolve(appPackage));
    try (Stream<Path> files = Files.list(testClasses.resolve(appPackage))) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.copy(file, classes.resolve(appPackage).resolve(file.getFileName()));
      }
    }
    Path lib = Files.createDirectories(webInf.resolve("lib"));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (NOT_IN_THE_WAR.stream().anyMatch(path.toString()::contains) || !Files.exists(path)) {
        continue;
      }
      if (Files.isDirectory(path)) {
        jar(path, lib.resolve(path.getParent().getParent().getFileName() + ".jar"));
      } else {
        Files.copy(path, lib.resolve(path.getFileName()));
      }
    }
    return docBase;
  }

  /** A module's classes directory, as the jar the WAR would carry. */
  private static void jar(Path classes, Path jar) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> files = Files.walk(classes)) {
      for (Path path : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
        Files.copy(path, out);
        out.closeEntry();
      }
    }
  }
}
