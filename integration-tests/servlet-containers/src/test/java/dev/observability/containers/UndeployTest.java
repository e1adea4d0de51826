package dev.observability.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WAR that carries the library in {@code WEB-INF/lib}, deployed on Tomcat 10.1 with nothing but
 * the zero-config set-up, served, and undeployed: afterwards nothing holds its class loader.
 */
class UndeployTest {

  /** What the container and the test bring; everything else on the class path goes in the WAR. */
  private static final List<String> NOT_IN_THE_WAR =
      List.of(
          "tomcat-",
          "jetty-",
          "undertow-",
          "xnio-",
          "jboss-",
          "wildfly-",
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
          "jakarta.servlet-api",
          "jakarta.annotation-api");

  @TempDir Path temp;

  private Path war() throws IOException {
    Path docBase = Files.createDirectories(temp.resolve("app"));
    Path lib = Files.createDirectories(docBase.resolve("WEB-INF/lib"));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      String name = path.toString();
      if (NOT_IN_THE_WAR.stream().anyMatch(name::contains) || !Files.exists(path)) {
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

  @Test
  void undeployingTheWarReleasesItsClassLoader() throws Exception {
    Map<String, String> quiet =
        Map.of(
            "otel.traces.exporter", "none",
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none");
    quiet.forEach(System::setProperty);
    List<String> leakReports = new ArrayList<>();
    Handler tomcatLeakReports =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            String message = String.valueOf(record.getMessage());
            if (record.getLevel().intValue() >= Level.WARNING.intValue()
                && (message.contains("appears to have started")
                    || message.contains("failed to remove"))) {
              synchronized (leakReports) {
                leakReports.add(new java.util.logging.SimpleFormatter().formatMessage(record));
              }
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger.getLogger("").addHandler(tomcatLeakReports);
    Tomcat tomcat = new Tomcat();
    WeakReference<ClassLoader> webappLoader;
    try {
      tomcat.setBaseDir(Files.createDirectories(temp.resolve("tomcat")).toString());
      Connector connector = new Connector();
      connector.setPort(0);
      connector.setProperty("address", "127.0.0.1");
      tomcat.setConnector(connector);
      tomcat.setAddDefaultWebXmlToWebapp(false);
      Context context = tomcat.addWebapp("/app", war().toString());
      Tomcat.addServlet(context, "default", "org.apache.catalina.servlets.DefaultServlet");
      context.addServletMappingDecoded("/", "default");
      tomcat.start();
      ClassLoader loader = context.getLoader().getClassLoader();
      webappLoader = new WeakReference<>(loader);
      // The library came from the WAR, not from the test's class path.
      assertThat(loader.loadClass("dev.observability.core.Observability").getClassLoader())
          .isSameAs(loader);

      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app/x"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.headers().firstValue("X-Request-ID")).isPresent();

      tomcat.getHost().removeChild(context); // undeploy
      context = null;
      loader = null;
    } finally {
      tomcat.stop();
      tomcat.destroy();
      Logger.getLogger("").removeHandler(tomcatLeakReports);
      quiet.keySet().forEach(System::clearProperty);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (webappLoader.get() != null && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(50);
    }
    synchronized (leakReports) {
      assertThat(leakReports).as("Tomcat's leak reports").isEmpty();
    }
    assertThat(webappLoader.get()).as("the web application's class loader after undeploy").isNull();
  }
}
