package dev.observability.servlet.internal;

import dev.observability.servlet.ObservabilityServletContainerInitializer;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import jakarta.servlet.ServletContext;
import java.util.Set;

/**
 * Embedded Undertow does not look for {@code ServletContainerInitializer}s; it does load its own
 * {@code ServletExtension}s from the deployment's class loader. This one adds the zero-config
 * initializer to the deployment, unless the server (WildFly, say) already found it. Registered
 * through {@code META-INF/services/io.undertow.servlet.ServletExtension}.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class UndertowExtension implements ServletExtension {

  /** Created by Undertow. */
  public UndertowExtension() {}

  @Override
  public void handleDeployment(DeploymentInfo deployment, ServletContext servletContext) {
    for (ServletContainerInitializerInfo initializer :
        deployment.getServletContainerInitializers()) {
      if (initializer.getServletContainerInitializerClass()
          == ObservabilityServletContainerInitializer.class) {
        return;
      }
    }
    deployment.addServletContainerInitializer(
        new ServletContainerInitializerInfo(
            ObservabilityServletContainerInitializer.class, Set.of()));
  }
}
