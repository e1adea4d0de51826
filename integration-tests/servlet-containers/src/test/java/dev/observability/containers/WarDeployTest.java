package dev.observability.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One WAR, with no line of the library's code in it (its own two servlets, a {@code web.xml}, a
 * Logback configuration, and the library and its dependencies in {@code WEB-INF/lib}), deployed on
 * each embedded container the way that container deploys WARs, served, and undeployed: request IDs,
 * the access line with the request ID from the MDC, {@code /metrics}, the safe error answer, and
 * afterwards nothing holds the application's class loader. The {@code tomcat-11} execution runs the
 * Tomcat case again on Tomcat 11.
 */
class WarDeployTest {

  @TempDir Path temp;
  private Path log;
  private final List<String> leakReports = new ArrayList<>();
  private final Handler leakReportHandler =
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
  private static final Map<String, String> QUIET =
      Map.of(
          "otel.traces.exporter", "none",
          "otel.metrics.exporter", "none",
          "otel.logs.exporter", "none");

  @BeforeEach
  void quiet() {
    QUIET.forEach(System::setProperty);
    log = temp.resolve("war.log");
    System.setProperty("war.log", log.toString());
    Logger.getLogger("").addHandler(leakReportHandler);
  }

  @AfterEach
  void loud() {
    QUIET.keySet().forEach(System::clearProperty);
    System.clearProperty("war.log");
    Logger.getLogger("").removeHandler(leakReportHandler);
  }

  static Stream<WarServer> servers() {
    String only = System.getProperty("war.servers");
    return only == null
        ? Arrays.stream(WarServer.values())
        : Arrays.stream(only.split(",")).map(String::trim).map(WarServer::valueOf);
  }

  @ParameterizedTest
  @MethodSource("servers")
  void theWarIsObservedAndLeavesNothingBehind(WarServer server) throws Exception {
    WeakReference<ClassLoader> webappLoader = serveThenUndeploy(server);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (webappLoader.get() != null && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(50);
    }
    synchronized (leakReports) {
      assertThat(leakReports).as("the container's leak reports").isEmpty();
    }
    assertThat(webappLoader.get()).as("the web application's class loader after undeploy").isNull();
  }

  /** Everything that touches the deployment, in a frame of its own that is gone before the GC. */
  private WeakReference<ClassLoader> serveThenUndeploy(WarServer server) throws Exception {
    if (server == WarServer.TOMCAT) {
      assertThat(org.apache.catalina.util.ServerInfo.getServerNumber())
          .startsWith(System.getProperty("expected.tomcat.major", "10") + ".");
    }
    try (Deployed deployed = server.deploy(Wars.exploded(temp), temp)) {
      ClassLoader loader = deployed.loader();
      assertThat(loader.loadClass("dev.observability.core.Observability").getClassLoader())
          .as("the library came from the WAR")
          .isSameAs(loader);
      Wars.checkObserved("http://127.0.0.1:" + deployed.port() + "/app", log);
      return new WeakReference<>(loader);
    }
  }

  /** A deployed WAR; closing it undeploys it and stops the server. */
  record Deployed(int port, ClassLoader loader, Container.Stopper undeploy)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      undeploy.stop();
    }
  }

  /** How each container deploys a WAR. */
  enum WarServer {
    TOMCAT {
      @Override
      Deployed deploy(Path war, Path temp) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createDirectories(temp.resolve("tomcat")).toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        tomcat.setAddDefaultWebXmlToWebapp(false); // conf/web.xml's JSP servlet needs Jasper
        Context context = tomcat.addWebapp("/app", war.toString());
        // What conf/web.xml gives every WAR besides: the default servlet on "/".
        Tomcat.addServlet(context, "default", "org.apache.catalina.servlets.DefaultServlet");
        context.addServletMappingDecoded("/", "default");
        tomcat.start();
        return new Deployed(
            connector.getLocalPort(),
            context.getLoader().getClassLoader(),
            () -> {
              tomcat.getHost().removeChild(context);
              tomcat.stop();
              tomcat.destroy();
            });
      }
    },

    JETTY {
      @Override
      Deployed deploy(Path war, Path temp) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        WebAppContext context = new WebAppContext(war.toString(), "/app");
        context.setTempDirectory(Files.createDirectories(temp.resolve("jetty")).toFile());
        server.setHandler(context);
        server.start();
        return new Deployed(
            connector.getLocalPort(),
            context.getClassLoader(),
            () -> {
              server.stop();
              server.destroy();
            });
      }
    },

    UNDERTOW {
      @Override
      Deployed deploy(Path war, Path temp) throws Exception {
        // Undertow has no WAR deployer: the embedding code makes the class loader over
        // WEB-INF and declares the servlets that web.xml lists. Nothing of ours is named here:
        // Undertow finds the library through its ServletExtension in WEB-INF/lib.
        List<URL> urls = new ArrayList<>();
        urls.add(war.resolve("WEB-INF/classes").toUri().toURL());
        try (Stream<Path> jars = Files.list(war.resolve("WEB-INF/lib"))) {
          for (Path jar : (Iterable<Path>) jars::iterator) {
            urls.add(jar.toUri().toURL());
          }
        }
        ClassLoader loader = new WebappClassLoader(urls, WarDeployTest.class.getClassLoader());
        @SuppressWarnings("unchecked")
        Class<? extends jakarta.servlet.Servlet> hello =
            (Class<? extends jakarta.servlet.Servlet>)
                loader.loadClass("dev.observability.containers.war.Hello");
        @SuppressWarnings("unchecked")
        Class<? extends jakarta.servlet.Servlet> fail =
            (Class<? extends jakarta.servlet.Servlet>)
                loader.loadClass("dev.observability.containers.war.Fail");
        DeploymentInfo deployment =
            Servlets.deployment()
                .setClassLoader(loader)
                .setContextPath("/app")
                .setDeploymentName("app.war")
                .addInitParameter("observability.filter.routes", "/hello")
                .addServlets(
                    Servlets.servlet("hello", hello).addMapping("/hello"),
                    Servlets.servlet("fail", fail).addMapping("/fail"));
        io.undertow.servlet.api.ServletContainer container = Servlets.newContainer();
        DeploymentManager manager = container.addDeployment(deployment);
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(loader);
        try {
          manager.deploy();
        } finally {
          current.setContextClassLoader(previous);
        }
        Undertow server =
            Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setIoThreads(1)
                .setWorkerThreads(8)
                .setHandler(io.undertow.Handlers.path().addPrefixPath("/app", manager.start()))
                .build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        return new Deployed(
            port,
            loader,
            () -> {
              server.stop();
              manager.stop();
              manager.undeploy();
              container.removeDeployment(deployment);
              ((URLClassLoader) loader).close();
            });
      }
    };

    abstract Deployed deploy(Path war, Path temp) throws Exception;
  }

  /**
   * What a servlet container's web application class loader does: the WAR's classes first, the
   * container's (and the Servlet API) from the parent.
   */
  static final class WebappClassLoader extends URLClassLoader {
    private static final String[] CONTAINER = {
      "java.", "javax.", "jakarta.servlet.", "io.undertow.", "org.xnio.", "org.jboss.", "sun."
    };

    WebappClassLoader(List<URL> urls, ClassLoader container) {
      super(urls.toArray(URL[]::new), container);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      for (String prefix : CONTAINER) {
        if (name.startsWith(prefix)) {
          return super.loadClass(name, resolve);
        }
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          try {
            loaded = findClass(name);
          } catch (ClassNotFoundException notInTheWar) {
            loaded = super.loadClass(name, false);
          }
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }

    @Override
    public URL getResource(String name) {
      URL own = findResource(name);
      return own != null ? own : super.getResource(name);
    }

    @Override
    public java.util.Enumeration<URL> getResources(String name) throws IOException {
      List<URL> all = new ArrayList<>(java.util.Collections.list(findResources(name)));
      all.addAll(java.util.Collections.list(getParent().getResources(name)));
      return java.util.Collections.enumeration(all);
    }
  }
}
