package dev.observability.core.internal;

import dev.observability.core.RequestContext;
import dev.observability.core.spi.RequestLifecycle;
import java.util.Objects;

/**
 * Lets {@link RequestLifecycle} create a {@link RequestContext} and set its route, which the
 * application-facing API of {@code RequestContext} does not offer. {@code RequestContext} installs
 * the bridge when its class is initialised.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class RequestContexts {

  /** What {@code RequestContext} lets its lifecycle do. */
  public interface Bridge {
    /**
     * Creates the context of a new request.
     *
     * @param requestId a valid request ID
     * @param lifecycle the lifecycle that owns it
     * @return the context
     */
    RequestContext create(String requestId, RequestLifecycle lifecycle);

    /**
     * Returns the lifecycle that owns {@code context}.
     *
     * @param context the context
     * @return its lifecycle
     */
    RequestLifecycle lifecycle(RequestContext context);

    /**
     * Sets the route of {@code context}.
     *
     * @param context the context
     * @param route a bounded route
     */
    void setRoute(RequestContext context, String route);
  }

  private static volatile Bridge bridge;

  private RequestContexts() {}

  /**
   * Installs the bridge; once.
   *
   * @param installed the bridge
   */
  public static void install(Bridge installed) {
    Objects.requireNonNull(installed, "installed");
    synchronized (RequestContexts.class) {
      if (bridge != null) {
        throw new IllegalStateException("already installed");
      }
      bridge = installed;
    }
  }

  /**
   * Returns the bridge, initialising {@code RequestContext} first if need be.
   *
   * @return the bridge
   */
  public static Bridge bridge() {
    Bridge current = bridge;
    if (current == null) {
      RequestContext.current(); // runs RequestContext's static initialiser, which installs it
      current = bridge;
    }
    return current;
  }
}
