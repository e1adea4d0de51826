package dev.observability.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same WAR dropped into the {@code webapps} directory of standalone Tomcat 10.1 and 11 (the
 * distributions Apache publishes, unpacked by the build), started with {@code catalina.sh run},
 * served, and undeployed by deleting it, as operators do: the same checks as embedded, and Tomcat
 * reports no leak when the application goes.
 */
class StandaloneTomcatTest {

  @TempDir Path temp;

  static Stream<Path> tomcats() throws IOException {
    Path unpacked = Path.of(System.getProperty("standalone.tomcats", "target/standalone"));
    try (Stream<Path> dirs = Files.list(unpacked)) {
      List<Path> homes = dirs.filter(d -> Files.exists(d.resolve("bin/catalina.sh"))).toList();
      assertThat(homes).as("unpacked Tomcat distributions in " + unpacked).hasSize(2);
      return homes.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("tomcats")
  void theWarIsObservedAndUndeploysCleanly(Path home) throws Exception {
    Path base = Files.createDirectories(temp.resolve("base"));
    copy(home.resolve("conf"), base.resolve("conf"));
    for (String dir : List.of("logs", "temp", "work", "webapps")) {
      Files.createDirectories(base.resolve(dir));
    }
    int port = freePort();
    Path serverXml = base.resolve("conf/server.xml");
    Files.writeString(
        serverXml,
        Files.readString(serverXml)
            .replace("port=\"8080\"", "port=\"" + port + "\" address=\"127.0.0.1\"")
            .replace("port=\"8005\"", "port=\"-1\""));
    Path war = Wars.exploded(Files.createDirectories(temp.resolve("build")));
    Path log = temp.resolve("war.log");
    Path stdout = base.resolve("logs/stdout.log");

    ProcessBuilder catalina =
        new ProcessBuilder("bash", home.resolve("bin/catalina.sh").toString(), "run")
            .redirectErrorStream(true)
            .redirectOutput(stdout.toFile());
    catalina.environment().put("CATALINA_HOME", home.toString());
    catalina.environment().put("CATALINA_BASE", base.toString());
    catalina.environment().put("JAVA_HOME", System.getProperty("java.home"));
    catalina
        .environment()
        .put(
            "CATALINA_OPTS",
            "-Dwar.log="
                + log
                + " -Dotel.traces.exporter=none -Dotel.metrics.exporter=none"
                + " -Dotel.logs.exporter=none");
    copy(war, base.resolve("webapps/app")); // deployed by Tomcat's host at start
    Process tomcat = catalina.start();
    try {
      String app = "http://127.0.0.1:" + port + "/app";
      awaitStatus(app + "/hello", 200, stdout);
      assertThat(Files.readString(stdout)).contains("Apache Tomcat/" + version(home));
      Wars.checkObserved(app, log);

      delete(base.resolve("webapps/app")); // undeploy, as an operator does
      awaitStatus(app + "/hello", 404, stdout);
      awaitLine(stdout, "Undeploying context [/app]");
    } finally {
      tomcat.destroy(); // SIGTERM: Tomcat's shutdown hook stops it in order
      if (!tomcat.waitFor(60, TimeUnit.SECONDS)) {
        tomcat.destroyForcibly();
      }
    }
    String output = Files.readString(stdout);
    assertThat(output)
        .as("Tomcat's leak reports when the WAR went")
        .doesNotContain("appears to have started a thread")
        .doesNotContain("failed to remove it when the web application was stopped")
        .doesNotContain("memory leak");
  }

  private static String version(Path home) {
    String name = home.getFileName().toString(); // apache-tomcat-11.0.24
    return name.substring(name.lastIndexOf('-') + 1);
  }

  private static void awaitStatus(String url, int status, Path stdout) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == status) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        url + " never answered " + status + "; Tomcat said:\n" + Files.readString(stdout));
  }

  private static void awaitLine(Path file, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.readString(file).contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no '" + text + "' in\n" + Files.readString(file));
      }
      Thread.sleep(200);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
