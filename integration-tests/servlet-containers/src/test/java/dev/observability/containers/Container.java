package dev.observability.containers;

import dev.observability.servlet.ObservabilityServletContainerInitializer;
import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.ServletContainerInitializer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The embedded containers users run the filter on, each deploying a web application the way a
 * container deploys a WAR: its {@link ServletContainerInitializer}s run at start-up, ours (the
 * zero-config set-up) first, then the application's. Nothing else is configured: each container
 * keeps its own default error handling, which is what leaks when nothing stops it.
 */
enum Container {
  TOMCAT {
    @Override
    Running start(
        List<ServletContainerInitializer> initializers, Map<String, String> parameters, int threads)
        throws Exception {
      Tomcat tomcat = new Tomcat();
      tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
      Connector connector = new Connector();
      connector.setPort(0);
      connector.setProperty("address", "127.0.0.1");
      connector.setProperty("maxThreads", Integer.toString(threads));
      connector.setProperty("minSpareThreads", "2");
      tomcat.setConnector(connector);
      Context context = tomcat.addContext("", null);
      // What conf/web.xml gives every WAR: the default servlet on "/", so that a request for an
      // unknown path runs through the filters as it does in a deployed application.
      Wrapper defaultServlet =
          Tomcat.addServlet(context, "default", "org.apache.catalina.servlets.DefaultServlet");
      defaultServlet.setLoadOnStartup(1);
      context.addServletMappingDecoded("/", "default");
      Tomcat.addDefaultMimeTypeMappings(context);
      initializers.forEach(
          initializer -> context.addServletContainerInitializer(initializer, null));
      parameters.forEach(context::addParameter);
      tomcat.start();
      return new Running(
          connector.getLocalPort(),
          () -> {
            tomcat.stop();
            tomcat.destroy();
          });
    }
  },

  JETTY {
    @Override
    Running start(
        List<ServletContainerInitializer> initializers, Map<String, String> parameters, int threads)
        throws Exception {
      Server server = new Server(new QueuedThreadPool(threads, 2));
      ServerConnector connector = new ServerConnector(server, 1, 1);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler();
      context.setContextPath("/");
      parameters.forEach(context::setInitParameter);
      initializers.forEach(context::addServletContainerInitializer);
      server.setHandler(context);
      server.start();
      return new Running(connector.getLocalPort(), server::stop);
    }
  },

  UNDERTOW {
    @Override
    Running start(
        List<ServletContainerInitializer> initializers, Map<String, String> parameters, int threads)
        throws Exception {
      DeploymentInfo deployment =
          Servlets.deployment()
              .setClassLoader(Container.class.getClassLoader())
              .setContextPath("/")
              .setDeploymentName("app.war");
      for (ServletContainerInitializer initializer : initializers) {
        deployment.addServletContainerInitializer(
            new ServletContainerInitializerInfo(
                initializer.getClass(), new ImmediateInstanceFactory<>(initializer), Set.of()));
      }
      parameters.forEach(deployment::addInitParameter);
      DeploymentManager manager = Servlets.newContainer().addDeployment(deployment);
      manager.deploy();
      Undertow server =
          Undertow.builder()
              .addHttpListener(0, "127.0.0.1")
              .setIoThreads(1)
              .setWorkerThreads(threads)
              .setHandler(manager.start())
              .build();
      server.start();
      int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
      return new Running(
          port,
          () -> {
            server.stop();
            manager.stop();
            manager.undeploy();
          });
    }
  };

  /**
   * Starts the container with our zero-config initializer and then {@code application}.
   *
   * @param application the application's initializer, which adds its servlets
   * @param parameters context init parameters, as a {@code web.xml} gives them
   */
  Running deploy(ServletContainerInitializer application, Map<String, String> parameters)
      throws Exception {
    return deploy(application, parameters, 32);
  }

  /**
   * Starts the container as {@link #deploy(ServletContainerInitializer, Map)} does, with at most
   * {@code threads} request threads.
   */
  Running deploy(
      ServletContainerInitializer application, Map<String, String> parameters, int threads)
      throws Exception {
    // Tomcat and Jetty find our initializer in META-INF/services when they deploy a WAR; embedded,
    // they are handed it as they would find it. Undertow never looks: it gets only the
    // application's, and our ServletExtension (which it does load) must add ours.
    List<ServletContainerInitializer> initializers =
        this == UNDERTOW
            ? List.of(application)
            : List.of(new ObservabilityServletContainerInitializer(), application);
    return start(initializers, parameters, threads);
  }

  abstract Running start(
      List<ServletContainerInitializer> initializers, Map<String, String> parameters, int threads)
      throws Exception;

  /** A started container. */
  record Running(int port, Stopper stopper) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      stopper.stop();
    }
  }

  /** Stops a container. */
  interface Stopper {
    void stop() throws Exception;
  }
}
